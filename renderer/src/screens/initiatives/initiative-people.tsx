import { useCallback, useEffect, useState } from 'react';
import type { InitiativePerson } from '../../../../core/api/contract-registration';
import { api } from '../../api-client';
import { Alert } from '../../components/field';
import { PersonActions, PersonalDataExport, type PersonalData } from '../../components/personal-data';
import { messageFor } from '../../errors';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/nl';

/** The initiator and co-organisers, for the roles that work with them: inzage and erasure on request. */
export function InitiativePeople({ initiativeId }: { initiativeId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [people, setPeople] = useState<InitiativePerson[] | null>(null);
  const [shown, setShown] = useState<PersonalData | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const load = useCallback(
    () =>
      void api
        .initiativesListPeople({ initiativeId })
        .then(setPeople, (e: unknown) => setNotice({ kind: 'error', text: messageFor(i18n, e) })),
    [initiativeId, i18n],
  );
  useEffect(load, [load]);

  const show = async (personId: string) => {
    try {
      setShown(await api.initiativesPersonExport({ personId }));
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  const erase = async (personId: string) => {
    if (!window.confirm(t('people.eraseConfirm'))) return;
    try {
      await api.initiativesPersonErase({ personId });
      setShown(null);
      setNotice({ kind: 'ok', text: t('vol.erased') });
      load();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };

  if (!people) return notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null;
  return (
    <section className="panel" aria-labelledby={`people-${initiativeId}`}>
      <h2 className="utrecht-heading-2" id={`people-${initiativeId}`}>
        {t('people.title')}
      </h2>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {people.length === 0 ? (
        <p className="utrecht-paragraph">{t('people.none')}</p>
      ) : (
        <>
          <p className="utrecht-paragraph">{t('people.intro')}</p>
          <ul className="plain-list" data-testid="initiative-people">
            {people.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong> — {t(`personal.role.${p.role}` as MessageKey)}
                {!p.erased ? (
                  <>
                    {' '}
                    · {[p.phone, p.email].filter(Boolean).join(', ')}{' '}
                    <PersonActions name={p.name} onShow={() => void show(p.id)} onErase={() => void erase(p.id)} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {shown ? <PersonalDataExport data={shown} onClose={() => setShown(null)} /> : null}
    </section>
  );
}
