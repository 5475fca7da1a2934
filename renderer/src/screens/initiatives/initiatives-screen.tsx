import { useId, useState } from 'react';
import { Link, Route, Routes } from 'react-router';
import { initiativeStatuses, type InitiativeStatus } from '../../../../core/initiative-status';
import { formatEuro } from '../../../../core/money';
import { api } from '../../api-client';
import { Alert, SelectField } from '../../components/field';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/nl';
import { InitiativeDetailScreen } from './initiative-detail';
import { useLoad } from '../use-load';
import { RegisterInitiativeScreen } from './register-initiative';
import type { SessionInfo } from '../../../../core/api/contract-session';

export function InitiativesScreen({ session }: { session: SessionInfo }) {
  const mayRegister = session.capabilities.includes('counter');
  return (
    <Routes>
      <Route index element={<InitiativeList mayRegister={mayRegister} />} />
      {mayRegister ? <Route path="nieuw/*" element={<RegisterInitiativeScreen />} /> : null}
      <Route
        path=":id"
        element={<InitiativeDetailScreen mayHandlePeople={session.capabilities.some((c) => c === 'counter' || c === 'assess')} />}
      />
    </Routes>
  );
}

/** Counter staff: start a registration, or carry on with one a resident left halfway. */
function RegisterEntry() {
  const { t, formatDateTime } = useI18n();
  const drafts = useLoad(() => api.initiativesDrafts({}));
  return (
    <div className="panel">
      <Link className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" to="/initiatieven/nieuw">
        {t('register.new')}
      </Link>
      {drafts.data && drafts.data.length > 0 ? (
        <>
          <h2 className="utrecht-heading-2">{t('register.drafts')}</h2>
          <p className="utrecht-paragraph hint">{t('register.retention')}</p>
          <ul className="plain-list">
            {drafts.data.map((d) => (
              <li key={d.id}>
                <Link to={`/initiatieven/nieuw/${d.id}`}>
                  {d.editsNumber !== null
                    ? t('register.resumeEdit', { number: d.editsNumber, title: d.title || t('register.untitled') })
                    : t('register.resume', { title: d.title || t('register.untitled') })}
                </Link>{' '}
                — {d.createdBy}, {formatDateTime(d.updatedAt)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

type Sort = 'number' | 'newest' | 'closest' | 'deadline';

function InitiativeList({ mayRegister }: { mayRegister: boolean }) {
  const { t } = useI18n();
  const searchId = useId();
  const [district, setDistrict] = useState('');
  const [status, setStatus] = useState<InitiativeStatus | ''>('');
  const [sort, setSort] = useState<Sort>('number');
  const [query, setQuery] = useState('');
  const districts = useLoad(() => api.districtsList({}));
  const list = useLoad(
    () =>
      api.initiativesList({
        ...(district ? { districtCode: district } : {}),
        ...(status ? { status } : {}),
        ...(query.trim() ? { query: query.trim() } : {}),
        sort,
      }),
    [district, status, sort, query],
  );
  const names = new Map((districts.data ?? []).map((d) => [d.code, d.name]));
  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('nav.initiatives')}
      </h1>
      <p className="utrecht-paragraph">{t('initiatives.intro')}</p>
      {mayRegister ? <RegisterEntry /> : null}
      <div className="filters">
        <div className="utrecht-form-field">
          <div className="utrecht-form-field__label">
            <label className="utrecht-form-label" htmlFor={searchId}>
              {t('initiatives.search')}
            </label>
          </div>
          <input
            id={searchId}
            type="search"
            className="utrecht-textbox utrecht-textbox--html-input"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <SelectField
          label={t('initiatives.filterDistrict')}
          value={district}
          onChange={setDistrict}
          options={[['', t('initiatives.filterAll')], ...(districts.data ?? []).map((d): [string, string] => [d.code, d.name])]}
        />
        <SelectField
          label={t('initiatives.filterStatus')}
          value={status}
          onChange={(v) => setStatus(v as InitiativeStatus | '')}
          options={[
            ['', t('initiatives.filterAll')],
            ...initiativeStatuses.map((s): [string, string] => [s, t(`initiativeStatus.${s}` as MessageKey)]),
          ]}
        />
        <SelectField
          label={t('initiatives.sort')}
          value={sort}
          onChange={(v) => setSort(v as Sort)}
          options={(['number', 'newest', 'closest', 'deadline'] as const).map((s): [string, string] => [s, t(`initiatives.sort.${s}`)])}
        />
      </div>
      {list.error ? <Alert kind="error">{list.error}</Alert> : null}
      {list.data && list.data.length === 0 ? <p className="utrecht-paragraph">{t('initiatives.empty')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table className="utrecht-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                {t('initiatives.number')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('initiatives.title')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('initiatives.district')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('initiatives.status')}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t('initiatives.progress')}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {list.data.map((i) => (
              <tr key={i.id} className="utrecht-table__row">
                <td className="utrecht-table__cell">{i.number}</td>
                <td className="utrecht-table__cell">
                  <Link to={`/initiatieven/${i.id}`}>
                    <strong>{i.title}</strong>
                  </Link>
                  <br />
                  <span className="hint">{i.summary}</span>
                </td>
                <td className="utrecht-table__cell">{names.get(i.districtCode) ?? i.districtCode}</td>
                <td className="utrecht-table__cell">{t(`initiativeStatus.${i.status}` as MessageKey)}</td>
                <td className="utrecht-table__cell">
                  <progress max={i.targetCents} value={Math.min(i.collectedCents, i.targetCents)} aria-hidden="true" />{' '}
                  {t('initiatives.progressValue', { collected: formatEuro(i.collectedCents), target: formatEuro(i.targetCents) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
