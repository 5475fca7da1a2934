import { Fragment, useState } from 'react';
import type { Redemption } from '../../../../core/api/contract-counter';
import { formatEuro } from '../../../../core/money';
import { Field } from '../../components/field';
import { ReprintButton } from '../../components/reprint-button';
import { useI18n } from '../../i18n';
import { ReverseForm } from './reverse-form';

/** Rows shown before "Toon alle": a busy day has 300; the newest are what the clerk looks for. */
export const FIRST_ROWS = 50;

/** What a search matches: the code's visible characters (without dashes and dots), initiatives and the clerk. */
function matches(r: Redemption, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const code = r.masked.replace(/[^0-9A-Za-z]/g, '').toLowerCase();
  const qCode = q.replace(/[^0-9a-z]/g, '');
  if (qCode.length >= 2 && code.includes(qCode)) return true;
  return r.staffName.toLowerCase().includes(q) || r.parts.some((p) => String(p.number) === q || p.title.toLowerCase().includes(q));
}

/**
 * The day's donations for a busy counter: totals on top, a search by code or initiative, one compact line per
 * donation (newest first), a reversal plainly marked, and the reversal form opening under its own row.
 */
export function TodayList({
  day,
  rows,
  onNotice,
  onChanged,
}: {
  day: string;
  rows: Redemption[];
  onNotice: (notice: { kind: 'ok' | 'error'; text: string }) => void;
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t, tn, formatTime, formatDay } = i18n;
  const [query, setQuery] = useState('');
  const [showAll, setShowAll] = useState(false);
  const [reversing, setReversing] = useState<string | null>(null);

  const live = rows.filter((r) => !r.reversed);
  const reversed = rows.length - live.length;
  const total = rows.reduce((sum, r) => sum + r.valueCents, 0);
  const net = live.reduce((sum, r) => sum + r.valueCents, 0);
  const found = rows.filter((r) => matches(r, query));
  const shown = showAll || query ? found : found.slice(0, FIRST_ROWS);

  return (
    <>
      <h2 className="utrecht-heading-2">{t('day.listTitle', { day: formatDay(day) })}</h2>
      <p className="totals" data-testid="day-totals">
        <span>
          {t('day.totalDonations')} <strong>{rows.length}</strong> ({formatEuro(total)})
        </span>
        <span>
          {t('report.reversals')} <strong>{reversed}</strong>
        </span>
        <span>
          {t('report.net')} <strong data-testid="day-net">{formatEuro(net)}</strong>
        </span>
      </p>
      {rows.length === 0 ? (
        <p className="utrecht-paragraph">{t('day.none')}</p>
      ) : (
        <>
          <Field
            label={t('day.search')}
            hint={t('day.searchHint')}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
          />
          {query ? (
            <p className="hint" role="status">
              {tn('day.found', found.length)}
            </p>
          ) : null}
          <table className="utrecht-table compact" data-testid="today-table">
            <caption className="visually-hidden">{t('day.listTitle', { day: formatDay(day) })}</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="col">
                  {t('day.time')}
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  {t('day.voucher')}
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  {t('day.for')}
                </th>
                <th className="utrecht-table__header-cell numeric" scope="col">
                  {t('day.amount')}
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  {t('day.by')}
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  {t('day.actions')}
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {shown.map((r) => (
                <Fragment key={r.id}>
                  <tr className={`utrecht-table__row${r.reversed ? ' row-reversed' : ''}`} data-reversed={r.reversed || undefined}>
                    <td className="utrecht-table__cell">{formatTime(r.createdAt)}</td>
                    <td className="utrecht-table__cell">
                      <span className="code">{r.masked}</span>
                      {r.ledgerState && r.ledgerState !== 'counted' ? (
                        <span className="hint" data-testid="day-ledger-state">
                          {' '}
                          — {t(`day.ledger.${r.ledgerState}`)}
                        </span>
                      ) : null}
                    </td>
                    <td className="utrecht-table__cell for" title={r.parts.map((p) => `${p.number} ${p.title}`).join(', ')}>
                      {r.parts
                        .map((p) =>
                          r.parts.length > 1 ? `${p.number} ${p.title} (${formatEuro(p.amountCents)})` : `${p.number} ${p.title}`,
                        )
                        .join(', ')}
                    </td>
                    <td className="utrecht-table__cell numeric">
                      {r.reversed ? (
                        <>
                          <span className="badge">{t('day.reversed')}</span> <del>{formatEuro(r.valueCents)}</del>
                        </>
                      ) : (
                        formatEuro(r.valueCents)
                      )}
                    </td>
                    <td className="utrecht-table__cell">{r.staffName}</td>
                    <td className="utrecht-table__cell">
                      <ReprintButton
                        kind="donation"
                        refId={r.id}
                        label={t('print.reprint')}
                        hidden={r.masked}
                        onQueued={(text) => onNotice({ kind: 'ok', text })}
                      />
                      {r.reversed ? null : (
                        <button
                          type="button"
                          className="utrecht-button utrecht-button--secondary-action"
                          aria-expanded={reversing === r.id}
                          onClick={() => setReversing(reversing === r.id ? null : r.id)}
                        >
                          {t('day.reverse')} <span className="visually-hidden">{r.masked}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                  {reversing === r.id ? (
                    <tr className="utrecht-table__row">
                      <td className="utrecht-table__cell" colSpan={6}>
                        <ReverseForm
                          redemption={r}
                          onCancel={() => setReversing(null)}
                          onDone={(text) => {
                            setReversing(null);
                            onNotice({ kind: 'ok', text });
                            onChanged();
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
          {!showAll && !query && found.length > FIRST_ROWS ? (
            <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => setShowAll(true)}>
              {t('day.showAll', { count: found.length })}
            </button>
          ) : null}
        </>
      )}
    </>
  );
}
