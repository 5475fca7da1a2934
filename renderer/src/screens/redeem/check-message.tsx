import type { VoucherCheck } from '../../../../core/api/contract-counter';
import { formatEuro } from '../../../../core/money';
import type { I18n } from '../../i18n';
import type { MessageKey } from '../../i18n/nl';

/** The sentence for a voucher check, in the staff member's language, and whether it is good news. */
export function describeCheck(
  i18n: I18n,
  check: VoucherCheck,
  districtName: (code: string | null) => string,
): { ok: boolean; text: string } {
  const { t, formatDateTime } = i18n;
  switch (check.status) {
    case 'valid':
      return {
        ok: true,
        text: [
          t('check.valid', { value: formatEuro(check.valueCents), round: check.roundId, district: districtName(check.districtCode) }),
          check.registryAsOf ? t('check.asOf', { asOf: formatDateTime(check.registryAsOf) }) : t('check.asOfNever'),
        ].join(' '),
      };
    case 'invalid':
      return { ok: false, text: t(`check.invalid.${check.reason}` as MessageKey, { character: check.character ?? '' }) };
    case 'unknown':
      return {
        ok: false,
        text: [
          t('check.unknown'),
          check.registryStale ? t('check.stale', { asOf: check.registryAsOf ? formatDateTime(check.registryAsOf) : '—' }) : '',
        ]
          .join(' ')
          .trim(),
      };
    case 'used-here':
      return {
        ok: false,
        text: t('check.usedHere', {
          when: formatDateTime(check.usedAt),
          where: check.servicePoint,
          initiatives: check.initiatives.map((i) => `${i.number} ${i.title} (${formatEuro(i.amountCents)})`).join(', '),
        }),
      };
    case 'used-elsewhere':
      return {
        ok: false,
        text: t(`check.usedElsewhere.${check.channel}`, { when: formatDateTime(check.usedAt), asOf: formatDateTime(check.asOf) }),
      };
    case 'round-not-open':
      return { ok: false, text: t('check.roundNotOpen', { round: check.roundId, when: formatDateTime(check.activeFrom) }) };
    case 'round-closed':
      return { ok: false, text: t('check.roundClosed', { round: check.roundId, when: formatDateTime(check.activeUntil) }) };
  }
}

export function CheckMessage({
  i18n,
  check,
  districtName,
  onUseSuggestion,
}: {
  i18n: I18n;
  check: VoucherCheck;
  districtName: (code: string | null) => string;
  onUseSuggestion?: (code: string) => void;
}) {
  const { ok, text } = describeCheck(i18n, check, districtName);
  const suggestion = check.status === 'invalid' ? check.suggestion : undefined;
  return (
    <div className={`voucher-result ${ok ? 'voucher-ok' : 'voucher-refused'}`} role={ok ? 'status' : 'alert'} data-testid="voucher-result">
      <p className="utrecht-paragraph">{text}</p>
      {check.status === 'valid' && check.needsConfirmation ? <p className="utrecht-paragraph">{i18n.t('redeem.unconfirmed')}</p> : null}
      {suggestion ? (
        <p className="utrecht-paragraph">
          {i18n.t('check.suggestion', { code: suggestion })}{' '}
          {onUseSuggestion ? (
            <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => onUseSuggestion(suggestion)}>
              {i18n.t('check.useSuggestion', { code: suggestion })}
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
