import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { InitiativeDetail, InitiativeSummary } from '../../../core/api/contract-reference';
import type { Volunteer } from '../../../core/api/contract-volunteers';
import { api } from '../api-client';
import { Alert, Field, SelectField } from '../components/field';
import { fieldErrors, messageFor } from '../errors';
import { PersonActions, PersonalDataExport, type PersonalData } from '../components/personal-data';
import { useI18n } from '../i18n';

type Notice = { kind: 'ok' | 'error'; text: string } | null;
const blank = { name: '', contact: '', offer: '', quantity: '', availability: '' };

/** Vrijwilligers: sign a resident up for an initiative, or note a material pledge; inzage and erasure on request. */
export function VolunteersScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const [initiatives, setInitiatives] = useState<InitiativeSummary[]>([]);
  const [chosen, setChosen] = useState('');
  const [detail, setDetail] = useState<InitiativeDetail | null>(null);
  const [people, setPeople] = useState<Volunteer[]>([]);
  const [kind, setKind] = useState<'volunteer' | 'material'>('volunteer');
  const [form, setForm] = useState(blank);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [shown, setShown] = useState<PersonalData | null>(null);

  useEffect(() => {
    void Promise.all([
      api.initiativesList({ status: 'spaarfase' }),
      api.initiativesList({ status: 'streefbedrag_behaald' }),
      api.initiativesList({ status: 'in_uitvoering' }),
    ]).then((lists) => setInitiatives(lists.flat()));
  }, []);
  const load = useCallback((id: string) => {
    if (!id) return;
    void api.initiativesGet({ initiativeId: id }).then(setDetail);
    void api.volunteersList({ initiativeId: id }).then(setPeople);
  }, []);
  useEffect(() => load(chosen), [chosen, load]);

  const set = (key: keyof typeof blank) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.volunteersSignUp({
        initiativeId: chosen,
        kind,
        name: form.name,
        contact: form.contact,
        offer: form.offer,
        ...(kind === 'material' && Number(form.quantity) > 0 ? { quantity: Number(form.quantity) } : {}),
        availability: form.availability,
        consent,
      });
      setForm(blank);
      setConsent(false);
      setErrors({});
      setNotice({ kind: 'ok', text: t('vol.saved') });
      load(chosen);
    } catch (error) {
      setErrors(fieldErrors(i18n, error));
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };
  const exportPerson = async (id: string) => {
    setShown(await api.volunteersExport({ volunteerId: id }));
  };
  const erase = async (id: string) => {
    if (!window.confirm(t('vol.eraseConfirm'))) return;
    await api.volunteersErase({ volunteerId: id });
    setShown(null);
    setNotice({ kind: 'ok', text: t('vol.erased') });
    load(chosen);
  };

  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('nav.volunteers')}
      </h1>
      <p className="utrecht-paragraph">{t('vol.intro')}</p>
      <SelectField
        label={t('vol.initiative')}
        value={chosen}
        onChange={setChosen}
        options={[['', t('vol.choose')], ...initiatives.map((i): [string, string] => [i.id, `${i.number} · ${i.title}`])]}
      />
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {chosen && detail ? (
        <>
          <p className="utrecht-paragraph" data-testid="needs">
            {detail.needs.volunteersNeeded > 0
              ? t('vol.needs', {
                  needed: detail.needs.volunteersNeeded,
                  tasks: detail.needs.volunteerTasks,
                  signed: detail.needs.volunteersSignedUp,
                })
              : t('vol.noVolunteersNeeded')}{' '}
            {detail.needs.materialsWanted
              ? t('vol.materials', { materials: detail.needs.materialsWanted, pledges: detail.needs.materialPledges })
              : null}
          </p>
          <form className="panel" onSubmit={(e) => void submit(e)} noValidate>
            <fieldset>
              <legend className="utrecht-form-label">{t('vol.kind')}</legend>
              <div className="button-row">
                {(['volunteer', 'material'] as const).map((k) => (
                  <label key={k} className="checkbox-label">
                    <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />
                    <span>{t(`vol.kind.${k}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <Field label={t('vol.name')} value={form.name} onChange={set('name')} error={errors.name} autoComplete="off" />
            <Field label={t('vol.contact')} value={form.contact} onChange={set('contact')} error={errors.contact} autoComplete="off" />
            <Field label={t('vol.offer')} value={form.offer} onChange={set('offer')} error={errors.offer} />
            {kind === 'material' ? (
              <Field label={t('vol.quantity')} type="number" min={1} value={form.quantity} onChange={set('quantity')} />
            ) : null}
            <Field label={t('vol.availability')} value={form.availability} onChange={set('availability')} />
            <label className="checkbox-label">
              <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
              <span>{t('vol.consent')}</span>
            </label>
            <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={!consent}>
              {t('vol.save')}
            </button>
          </form>
          <h2 className="utrecht-heading-2">{t('vol.people')}</h2>
          {people.length === 0 ? <p className="utrecht-paragraph">{t('vol.none')}</p> : null}
          <ul className="plain-list" data-testid="people">
            {people.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong> — {t(`vol.kind.${p.kind}`)}: {p.offer}
                {p.quantity ? ` (${p.quantity})` : ''} {p.availability ? `· ${p.availability}` : ''}{' '}
                {!p.erased ? <PersonActions name={p.name} onShow={() => void exportPerson(p.id)} onErase={() => void erase(p.id)} /> : null}
              </li>
            ))}
          </ul>
          {shown ? <PersonalDataExport data={shown} onClose={() => setShown(null)} /> : null}
        </>
      ) : null}
    </section>
  );
}
