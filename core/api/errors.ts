/**
 * Error codes every API call can answer with. The host maps every thrown error to one of these,
 * so the renderer never sees a stack trace, and shows the Dutch text from its catalogue by code.
 */
export const errorCodes = [
  'VALIDATION', // input did not match the contract
  'UNKNOWN_CALL', // no such API entry
  'NOT_LOGGED_IN',
  'SESSION_LOCKED', // idle lock: the same person unlocks with their PIN
  'FORBIDDEN', // the role may not do this
  'WRONG_PIN',
  'ACCOUNT_LOCKED', // too many wrong PINs; details.lockedUntil
  'ACCOUNT_DISABLED',
  'NOT_FOUND',
  'CONFLICT', // e.g. setup done twice, a name already used
  'VOUCHER_REFUSED', // the voucher cannot be used; details.check says why
  'SPLIT_INVALID', // the parts do not add up, or name an initiative twice
  'INITIATIVE_NOT_COLLECTING', // donations go only to initiatives in the spaarfase
  'DAY_CLOSED',
  'STORE_UNAVAILABLE', // the local store could not be opened; app:status says why
  'DISK_FULL',
  'SYNC_FAILED', // the central ledger could not be reached or refused; the message says what to do
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ApiError {
  code: ErrorCode;
  /** Dutch text for the person at the counter (B1). */
  message: string;
  details?: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown by services for an expected, user-facing failure. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const defaultErrorMessages: Record<ErrorCode, string> = {
  VALIDATION: 'De gegevens zijn niet goed ingevuld.',
  UNKNOWN_CALL: 'Deze handeling bestaat niet.',
  NOT_LOGGED_IN: 'U bent niet ingelogd. Log eerst in.',
  SESSION_LOCKED: 'Het scherm is vergrendeld. Vul uw pincode in om verder te gaan.',
  FORBIDDEN: 'U mag dit niet doen met uw rol.',
  WRONG_PIN: 'De pincode klopt niet.',
  ACCOUNT_LOCKED: 'Te vaak een verkeerde pincode. Dit account is een tijd geblokkeerd.',
  ACCOUNT_DISABLED: 'Dit account is uitgeschakeld. Vraag de beheerder.',
  NOT_FOUND: 'Niet gevonden.',
  CONFLICT: 'Dit kan niet: het bestaat al of is al gedaan.',
  VOUCHER_REFUSED: 'Deze waardebon kan niet worden gebruikt.',
  SPLIT_INVALID: 'De verdeling klopt niet: de bedragen moeten samen de waarde van de bon zijn.',
  INITIATIVE_NOT_COLLECTING: 'Dit initiatief spaart nu niet. Kies een initiatief in de spaarfase.',
  DAY_CLOSED: 'Deze dag is al afgesloten.',
  STORE_UNAVAILABLE: 'De gegevens op dit apparaat kunnen niet worden geopend.',
  DISK_FULL: 'De schijf is vol. Er is niets opgeslagen. Maak ruimte vrij en probeer het opnieuw.',
  SYNC_FAILED: 'Synchroniseren met het centrale grootboek lukte niet. De gegevens blijven hier bewaard.',
  INTERNAL: 'Er ging iets mis. Probeer het opnieuw. Blijft het misgaan, bel dan de beheerder.',
};
