/** The budget account of a year per district and village (core/budget.ts), and its lines: who moved what, and why. */
import { totalAccount, type BudgetAccount } from '../../../../core/budget';
import { formatEuro } from '../../../../core/money';
import type { MonitorSnapshot } from '../../../../core/monitor';
import { useI18n } from '../../i18n';
import { ScrollBox } from './charts';
import { TransferForm } from './transfer-form';

const COLUMNS = [
  ['reserved', (a: BudgetAccount) => a.reservedCents],
  ['in', (a: BudgetAccount) => a.transferredInCents],
  ['out', (a: BudgetAccount) => a.transferredOutCents],
  ['available', (a: BudgetAccount) => a.availableCents],
  ['collected', (a: BudgetAccount) => a.collectedCents],
  ['committed', (a: BudgetAccount) => a.committedCents],
  ['paid', (a: BudgetAccount) => a.paidOutCents],
  ['cameBack', (a: BudgetAccount) => a.cameBackCents],
] as const;

export function BudgetSection(props: { snapshot: MonitorSnapshot; year: number; fromLedger: boolean }) {
  const { t, formatDateTime } = useI18n();
  const accounts = props.snapshot.budget.filter((a) => a.year === props.year);
  const total = totalAccount(accounts, props.year);
  const nameOf = (code: string) => props.snapshot.areas.find((a) => a.code === code)?.name ?? code;
  const lines = props.snapshot.budgetLines.filter((l) => l.year === props.year);
  const row = (a: BudgetAccount, name: string, foot = false) => (
    <tr key={a.districtCode} className="utrecht-table__row">
      <th className="utrecht-table__header-cell" scope="row">
        {name}
      </th>
      {COLUMNS.map(([key, value]) => (
        <td key={key} className="utrecht-table__cell numeric">
          {formatEuro(value(a))}
        </td>
      ))}
      <td
        className={`utrecht-table__cell numeric${a.roomCents < 0 ? ' over-budget' : ''}`}
        data-testid={foot ? 'budget-room-total' : undefined}
      >
        {formatEuro(a.roomCents)}
        {a.roomCents < 0 ? ` ${t('monitor.money.over')}` : ''}
      </td>
    </tr>
  );
  return (
    <>
      <h2 className="utrecht-heading-2">{t('monitor.budget', { year: props.year })}</h2>
      <p className="utrecht-paragraph">{t('monitor.budgetIntro')}</p>
      <ScrollBox label={t('monitor.budget', { year: props.year })}>
        <table className="utrecht-table" data-testid="budget-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                {t('monitor.area')}
              </th>
              {COLUMNS.map(([key]) => (
                <th key={key} className="utrecht-table__header-cell numeric" scope="col">
                  {t(`monitor.money.${key}`)}
                </th>
              ))}
              <th className="utrecht-table__header-cell numeric" scope="col">
                {t('monitor.money.room')}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">{accounts.map((a) => row(a, nameOf(a.districtCode)))}</tbody>
          <tfoot>{row(total, t('monitor.all'), true)}</tfoot>
        </table>
      </ScrollBox>
      {props.fromLedger ? (
        <TransferForm snapshot={props.snapshot} year={props.year} />
      ) : (
        <p className="utrecht-paragraph hint">{t('monitor.transfer.ledgerOnly')}</p>
      )}
      <h3 className="utrecht-heading-3">{t('monitor.lines', { year: props.year })}</h3>
      {lines.length === 0 ? (
        <p className="utrecht-paragraph">{t('monitor.noLines')}</p>
      ) : (
        <ScrollBox label={t('monitor.lines', { year: props.year })}>
          <table className="utrecht-table" data-testid="budget-lines">
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                {(['at', 'kind', 'what', 'amount', 'reason', 'by'] as const).map((k) => (
                  <th key={k} className={`utrecht-table__header-cell${k === 'amount' ? ' numeric' : ''}`} scope="col">
                    {t(`monitor.line.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {lines.map((l) => (
                <tr key={l.id} className="utrecht-table__row">
                  <td className="utrecht-table__cell">{formatDateTime(l.at)}</td>
                  <td className="utrecht-table__cell">{t(`monitor.lineKind.${l.kind}`)}</td>
                  <td className="utrecht-table__cell">
                    {l.kind === 'transfer'
                      ? t('monitor.line.fromTo', { from: nameOf(l.districtCode), to: nameOf(l.toDistrictCode ?? '') })
                      : l.kind === 'payout'
                        ? t('monitor.line.payout', { number: l.initiativeNumber ?? '?', reference: l.paymentReference ?? '' })
                        : nameOf(l.districtCode)}
                  </td>
                  <td className="utrecht-table__cell numeric">{formatEuro(l.amountCents)}</td>
                  <td className="utrecht-table__cell">{l.reason}</td>
                  <td className="utrecht-table__cell">{l.by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}
