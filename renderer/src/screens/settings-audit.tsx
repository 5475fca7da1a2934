import { useId, useState } from 'react';
import type { AuditEntry } from '../../../core/audit';
import { api } from '../api-client';
import { Alert } from '../components/field';
import { messageFor } from '../errors';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/nl';
import { ScrollBox } from '../components/scroll-box';
import { useLoad } from './use-load';

/**
 * The beheerder's view of the audit trail (Logboek): who did which sensitive thing and when, newest first, a
 * hundred at a time, and whether the chain verifies (a changed or removed line is named).
 */
export function AuditLog() {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const first = useLoad(async () => {
    const [page, staff] = await Promise.all([api.auditList({ before: null }), api.staffList({})]);
    return { page, names: new Map(staff.map((s) => [s.id, s.name])) };
  });
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  if (first.error) return <Alert kind="error">{first.error}</Alert>;
  if (!first.data) return null;
  const { page, names } = first.data;
  const entries = [...page.entries, ...more];
  const last = entries[entries.length - 1];
  const loadMore = async () => {
    try {
      const next = await api.auditList({ before: last?.seq ?? null });
      setMore((m) => [...m, ...next.entries]);
    } catch (e) {
      setError(messageFor(i18n, e));
    }
  };
  const who = (e: AuditEntry) => (e.actorId ? (names.get(e.actorId) ?? e.actorId.slice(0, 8)) : t('audit.app'));
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 className="utrecht-heading-2" id={headingId}>
        {t('audit.title')}
      </h2>
      <p className="utrecht-paragraph">{t('audit.intro')}</p>
      {page.verified.brokenAt === null ? (
        <Alert kind="ok">{t('audit.verified', { n: page.verified.entries })}</Alert>
      ) : (
        <Alert kind="error">{t('audit.broken', { seq: page.verified.brokenAt })}</Alert>
      )}
      {error ? <Alert kind="error">{error}</Alert> : null}
      {entries.length === 0 ? <p className="utrecht-paragraph">{t('audit.none')}</p> : null}
      {entries.length > 0 ? (
        <ScrollBox label={t('audit.title')}>
          <table className="utrecht-table compact">
            <caption className="visually-hidden">{t('audit.title')}</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="col">
                  {t('audit.when')}
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  {t('audit.who')}
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  {t('audit.what')}
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  {t('audit.result')}
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {entries.map((e) => (
                <tr className="utrecht-table__row" key={e.seq}>
                  <td className="utrecht-table__cell">{i18n.formatDateTime(e.at)}</td>
                  <td className="utrecht-table__cell">{who(e)}</td>
                  <td className="utrecht-table__cell">
                    {t(`audit.action.${e.action}` as MessageKey)}
                    {e.subject && e.action.startsWith('staff-') ? ` — ${names.get(e.subject) ?? e.subject.slice(0, 8)}` : ''}
                  </td>
                  <td className="utrecht-table__cell">{e.ok ? t('audit.ok') : t('audit.refused')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : null}
      {page.entries.length === 100 && (more.length === 0 || more.length % 100 === 0) ? (
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void loadMore()}>
          {t('audit.more')}
        </button>
      ) : null}
    </section>
  );
}
