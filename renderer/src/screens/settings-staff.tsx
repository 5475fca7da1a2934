import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { StaffSummary } from '../../../core/api/contract-staff';
import { roles, type Role } from '../../../core/roles';
import { api } from '../api-client';
import { Alert, Field, PinField, SelectField } from '../components/field';
import { fieldErrors, messageFor } from '../errors';
import { useI18n } from '../i18n';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** The beheerder's staff list: add, change a role, disable/enable, give a new PIN (which also lifts a lock-out). */
export function StaffAdmin({ self }: { self: string }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [staff, setStaff] = useState<StaffSummary[]>([]);
  const [notice, setNotice] = useState<Notice>(null);
  const [resetFor, setResetFor] = useState<StaffSummary | null>(null);
  const reload = useCallback(
    () => void api.staffList({}).then(setStaff, (e: unknown) => setNotice({ kind: 'error', text: messageFor(i18n, e) })),
    [i18n],
  );
  useEffect(reload, [reload]);

  const toggle = async (member: StaffSummary) => {
    try {
      await api.staffSetDisabled({ staffId: member.id, disabled: !member.disabled });
      setNotice(null);
      reload();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
    }
  };

  const changeRole = async (member: StaffSummary, role: Role) => {
    try {
      await api.staffSetRole({ staffId: member.id, role });
      setNotice({ kind: 'ok', text: t('settings.roleChanged', { name: member.name, role: t(`role.${role}`) }) });
      reload();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(i18n, error) });
      reload();
    }
  };

  return (
    <div className="panel">
      <h2 className="utrecht-heading-2">{t('settings.staff')}</h2>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <table className="utrecht-table" data-testid="staff-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="col">
              {t('settings.staffName')}
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              {t('settings.staffRole')}
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              {t('settings.staffState')}
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              {t('settings.staffActions')}
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {staff.map((m) => (
            <tr key={m.id} className="utrecht-table__row">
              <td className="utrecht-table__cell">{m.name}</td>
              <td className="utrecht-table__cell">
                {m.id === self ? (
                  t(`role.${m.role}`)
                ) : (
                  <select
                    className="utrecht-select utrecht-select--html-select"
                    aria-label={t('settings.roleOf', { name: m.name })}
                    value={m.role}
                    onChange={(e) => void changeRole(m, e.target.value as Role)}
                  >
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                )}
              </td>
              <td className="utrecht-table__cell">
                {m.disabled
                  ? t('settings.staffDisabled')
                  : m.lockedUntil
                    ? t('settings.staffLocked', { time: formatDateTime(m.lockedUntil) })
                    : t('settings.staffActive')}
              </td>
              <td className="utrecht-table__cell">
                <div className="button-row">
                  {m.id !== self ? (
                    <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void toggle(m)}>
                      {m.disabled ? t('settings.enable') : t('settings.disable')} <span className="visually-hidden">{m.name}</span>
                    </button>
                  ) : null}
                  <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => setResetFor(m)}>
                    {t('settings.resetPin')} <span className="visually-hidden">{m.name}</span>
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {resetFor ? (
        <ResetPinForm
          member={resetFor}
          onDone={(text) => {
            setResetFor(null);
            setNotice(text ? { kind: 'ok', text } : null);
            reload();
          }}
        />
      ) : null}
      <AddStaffForm
        onAdded={(name) => {
          setNotice({ kind: 'ok', text: t('settings.added', { name }) });
          reload();
        }}
      />
    </div>
  );
}

function ResetPinForm({ member, onDone }: { member: StaffSummary; onDone: (notice: string | null) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.staffResetPin({ staffId: member.id, pin });
      onDone(t('settings.pinReset', { name: member.name }));
    } catch (e) {
      setError(fieldErrors(i18n, e).pin ?? messageFor(i18n, e));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="subpanel" aria-labelledby={headingId}>
      <h3 className="utrecht-heading-3" id={headingId}>
        {t('settings.resetPinFor', { name: member.name })}
      </h3>
      <PinField label={t('settings.newPin')} value={pin} onChange={(e) => setPin(e.target.value)} error={error} autoFocus />
      <div className="button-row">
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t('common.save')}
        </button>
        <button type="button" className="utrecht-button utrecht-button--subtle" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function AddStaffForm({ onAdded }: { onAdded: (name: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('baliemedewerker');
  const [pin, setPin] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await api.staffCreate({ name, role, pin });
      setName('');
      setPin('');
      setErrors({});
      setFailure(null);
      onAdded(created.name);
    } catch (error) {
      setErrors(fieldErrors(i18n, error));
      setFailure(messageFor(i18n, error));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="subpanel" aria-labelledby={headingId}>
      <h3 className="utrecht-heading-3" id={headingId}>
        {t('settings.addStaff')}
      </h3>
      {failure ? <Alert kind="error">{failure}</Alert> : null}
      <Field
        label={t('settings.staffName')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        autoComplete="off"
      />
      <SelectField
        label={t('settings.staffRole')}
        value={role}
        onChange={(v) => setRole(v as Role)}
        options={roles.map((r): [string, string] => [r, t(`role.${r}`)])}
      />
      <PinField label={t('setup.pin')} value={pin} onChange={(e) => setPin(e.target.value)} error={errors.pin} />
      <button type="submit" className="utrecht-button utrecht-button--primary-action">
        {t('settings.add')}
      </button>
    </form>
  );
}
