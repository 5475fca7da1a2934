/**
 * What a failed sync says to the person at the device, per error code, in Dutch: the sync client stores it with
 * the code, and the Dutch interface shows the same sentence; the English interface has its own per code
 * (renderer/src/i18n/en.ts). The ledger's refusal codes are in docs/sync-protocol.md; NETWORK, BAD_ANSWER,
 * NOT_ENROLLED and INTERNAL are the device's own.
 */
export const syncErrorMessages = {
  NETWORK: 'Geen verbinding met het centrale grootboek. De gegevens blijven hier bewaard.',
  BAD_ANSWER: 'Het centrale grootboek gaf een onverwacht antwoord. Probeer het later opnieuw; vraag anders de beheerder om hulp.',
  NOT_ENROLLED: 'Dit apparaat is nog niet aangemeld bij het centrale grootboek.',
  INTERNAL: 'Het centrale grootboek heeft een storing. Probeer het later opnieuw; de gegevens blijven hier bewaard.',
  DEVICE_REVOKED:
    'Dit apparaat is afgemeld bij het centrale grootboek. Niets is verloren: de gegevens blijven hier. Vraag de beheerder om een code om het opnieuw aan te melden.',
  UNKNOWN_DEVICE: 'Het centrale grootboek kent dit apparaat niet. Vraag de beheerder om het opnieuw aan te melden.',
  BAD_SIGNATURE: 'De ondertekening klopt niet. Vraag de beheerder om hulp.',
  CHAIN_BROKEN: 'De gegevens van dit apparaat passen niet bij wat het grootboek al heeft. Vraag de beheerder om hulp; niets is verloren.',
  ENROLMENT_CODE_INVALID:
    'Deze aanmeldcode is onbekend, al gebruikt, verlopen of voor een ander apparaat. Vraag een nieuwe code (voor een apparaat dat al was aangemeld: een code om opnieuw aan te melden).',
  RATE_LIMITED: 'Te veel pogingen kort na elkaar. Wacht een minuut en probeer het opnieuw.',
  UNSUPPORTED_MEDIA_TYPE: 'Het centrale grootboek begreep het verzoek niet. Vraag de beheerder om hulp; de gegevens blijven hier bewaard.',
  BATCH_TOO_LARGE: 'Te veel gegevens in één keer. Probeer het opnieuw.',
} as const;
export type SyncErrorCode = keyof typeof syncErrorMessages;

export function isKnownSyncError(code: string): code is SyncErrorCode {
  return Object.hasOwn(syncErrorMessages, code);
}

/** The Dutch sentence for any code, a known one or one this version does not know yet. */
export function syncErrorMessage(code: string): string {
  return isKnownSyncError(code)
    ? syncErrorMessages[code]
    : `Het centrale grootboek weigerde het verzoek (${code}). Probeer het later opnieuw.`;
}
