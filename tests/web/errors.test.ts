// The renderer's own logic that needs no screen (type-checked with the renderer's settings, tsconfig.web.json).
import { describe, expect, it } from 'vitest';
import { nl } from '../../renderer/src/i18n/nl';

describe('error messages with what the person can do', () => {
  it('say who has an intake open for the initiative and since when, in the interface language', async () => {
    const { messageFor } = await import('../../renderer/src/errors');
    const { ApiCallError } = await import('../../renderer/src/api-client');
    const { createI18n } = await import('../../renderer/src/i18n/index');
    const error = new ApiCallError({
      code: 'CONFLICT',
      message: 'Voor dit initiatief staat op deze computer al een inname open. Rond die eerst af.',
      details: { reason: 'intake-open', intakeId: 'x', staffName: 'Bram Balie', startedAt: '2026-11-22T09:05:00Z' },
    });
    const dutch = messageFor(
      createI18n('nl', () => {}),
      error,
    );
    expect(dutch).toContain('Bram Balie');
    // Times in Europe/Amsterdam (UTC+1 in November), whatever the PC's zone.
    expect(dutch).toContain('10:05');
    expect(
      messageFor(
        createI18n('en', () => {}),
        error,
      ),
    ).toMatch(/already open on this computer, by Bram Balie/);
    // Without the details, the general sentence for the code.
    const bare = new ApiCallError({ code: 'CONFLICT', message: 'x', details: { reason: 'intake-open' } });
    expect(
      messageFor(
        createI18n('nl', () => {}),
        bare,
      ),
    ).toBe(nl['error.CONFLICT']);
  });
});
