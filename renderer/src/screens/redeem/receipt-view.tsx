import type { Redemption } from '../../../../core/api/contract-counter';
import { formatEuro } from '../../../../core/money';
import { useI18n } from '../../i18n';
import { api } from '../../api-client';
import { useLoad } from '../use-load';

/** The on-screen receipt, from the same redemption record the printed receipt will use. */
export function ReceiptView({ redemption }: { redemption: Redemption }) {
  const { t, formatDateTime } = useI18n();
  // The municipality's platform, as the printed receipt says it (from the ledger at enrolment).
  const status = useLoad(() => api.appStatus({}));
  return (
    <section className="receipt" aria-labelledby="receipt-title" data-testid="receipt">
      <h2 className="utrecht-heading-2" id="receipt-title">
        {t('receipt.title')}
      </h2>
      <p className="receipt-platform">{status.data?.municipality.platform ?? t('app.platform')}</p>
      <dl className="facts">
        <dt>{t('receipt.where')}</dt>
        <dd>{redemption.servicePoint}</dd>
        <dt>{t('receipt.when')}</dt>
        <dd>{formatDateTime(redemption.createdAt)}</dd>
        <dt>{t('receipt.voucher')}</dt>
        <dd className="code">{redemption.masked}</dd>
        {redemption.parts.map((p) => (
          <div key={p.initiativeId} className="receipt-line">
            <dt>
              {p.number} · {p.title}
            </dt>
            <dd>{formatEuro(p.amountCents)}</dd>
          </div>
        ))}
        <dt>{t('receipt.total')}</dt>
        <dd>
          <strong>{formatEuro(redemption.valueCents)}</strong>
        </dd>
        <dt>{t('receipt.staff')}</dt>
        <dd>{redemption.staffName}</dd>
      </dl>
      <p className="utrecht-paragraph">{t('receipt.recorded')}</p>
      <p className="utrecht-paragraph">
        <strong>{t('receipt.keep')}</strong>
      </p>
    </section>
  );
}
