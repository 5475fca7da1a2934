import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { TIME_ZONE } from '../../../core/business-day';
import { en } from './en';
import { nl, type MessageKey, type Messages } from './nl';

export type Language = 'nl' | 'en';
const catalogues: Record<Language, Messages> = { nl, en };

type Vars = Record<string, string | number>;
type PluralBase<K> = K extends `${infer B}_one` ? B : never;
export type PluralKey = PluralBase<MessageKey>;

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, vars?: Vars): string;
  /** Plural: picks `${key}_one` or `${key}_other` for `count`. */
  tn(key: PluralKey, count: number, vars?: Vars): string;
  /** Date and time, always in Almelo's time zone (the PC's own zone may be set wrong). */
  formatDateTime(iso: string): string;
  /** The time of day (13:05), in Almelo's time zone. */
  formatTime(iso: string): string;
  /** A business day (YYYY-MM-DD) as people write it: "3 dec 2026". */
  formatDay(day: string): string;
}

export function interpolate(text: string, vars: Vars = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function createI18n(language: Language, setLanguage: (l: Language) => void): I18n {
  const messages = catalogues[language];
  const plural = new Intl.PluralRules(language === 'nl' ? 'nl-NL' : 'en-GB');
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE });
  // A business day is a calendar date, not a moment: formatted at noon UTC, in UTC, it is that date everywhere.
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return {
    language,
    setLanguage,
    t: (key, vars) => interpolate(messages[key], vars),
    tn: (key, count, vars) => {
      const form = plural.select(count) === 'one' ? 'one' : 'other';
      return interpolate(messages[`${key}_${form}` as MessageKey], { count, ...vars });
    },
    formatDateTime: (iso) => dateTime.format(new Date(iso)),
    formatTime: (iso) => time.format(new Date(iso)),
    formatDay: (d) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? day.format(new Date(`${d}T12:00:00Z`)) : d),
  };
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => (localStorage.getItem('buurtbalie-language') === 'en' ? 'en' : 'nl'));
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem('buurtbalie-language', next);
    document.documentElement.lang = next;
    setLanguageState(next);
  }, []);
  const value = useMemo(() => createI18n(language, setLanguage), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
