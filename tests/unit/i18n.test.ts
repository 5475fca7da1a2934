import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { nl } from '../../renderer/src/i18n/nl';
import { errorCodes } from '../../core/api/errors';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('have the same keys in Dutch and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
    for (const [key, text] of Object.entries(nl)) expect(text.trim(), key).not.toBe('');
    for (const [key, text] of Object.entries(en)) expect(text.trim(), key).not.toBe('');
  });
  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(nl) as (keyof typeof nl)[]) expect(placeholders(en[key]), key).toEqual(placeholders(nl[key]));
  });
  it('explain every error code', () => {
    for (const code of errorCodes) expect(nl).toHaveProperty(`error.${code}`);
  });
});

describe('service messages in the interface language', () => {
  it('give every registration problem a sentence in both languages, the Dutch one the service itself sends', async () => {
    const { registrationMessages, registrationProblems, emptyDraft } = await import('../../core/initiative-registration');
    for (const [key, dutch] of Object.entries(registrationMessages)) {
      expect(nl[`register.problem.${key}` as keyof typeof nl]).toBe(dutch);
      expect(en[`register.problem.${key}` as keyof typeof en], key).not.toBe(dutch);
    }
    // An empty draft has many problems: each comes with a key the English interface can say.
    const problems = registrationProblems(emptyDraft(), '2026-11-22', ['WK014101']);
    expect(problems.length).toBeGreaterThan(10);
    for (const p of problems) expect(en).toHaveProperty(`register.problem.${p.key}`);
  });
});

describe('sync errors in the interface language', () => {
  it('say every sync error code in both languages, the Dutch one the sync client stores', async () => {
    const { syncErrorMessages, syncErrorMessage } = await import('../../core/sync/sync-errors');
    for (const [code, dutch] of Object.entries(syncErrorMessages)) {
      expect(nl[`sync.error.${code}` as keyof typeof nl]).toBe(dutch);
      expect(en[`sync.error.${code}` as keyof typeof en], code).not.toBe(dutch);
    }
    // A code this version does not know yet still gets a Dutch sentence naming it.
    expect(syncErrorMessage('SOMETHING_NEW')).toContain('SOMETHING_NEW');
  });
});
