import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
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
  formatDateTime(iso: string): string;
}

export function interpolate(text: string, vars: Vars = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function createI18n(language: Language, setLanguage: (l: Language) => void): I18n {
  const messages = catalogues[language];
  const plural = new Intl.PluralRules(language === 'nl' ? 'nl-NL' : 'en-GB');
  const dateTime = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return {
    language,
    setLanguage,
    t: (key, vars) => interpolate(messages[key], vars),
    tn: (key, count, vars) => {
      const form = plural.select(count) === 'one' ? 'one' : 'other';
      return interpolate(messages[`${key}_${form}` as MessageKey], { count, ...vars });
    },
    formatDateTime: (iso) => dateTime.format(new Date(iso)),
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
