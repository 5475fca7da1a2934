import type { AppStatus } from '../../../core/api/contract-app';
import type { SessionInfo } from '../../../core/api/contract-session';
import { useI18n } from '../i18n';
import { DeviceSettings, OwnPinForm } from './settings-own';
import { PrinterSettingsPanel } from './settings-printer';
import { RegistrySettings } from './settings-registry';
import { StaffAdmin } from './settings-staff';
import { BackupList } from './settings-backups';
import { AuditLog } from './settings-audit';
import { UpdatesPanel } from './settings-updates';

/** Everyone changes their own PIN here; a beheerder also manages staff and device settings. */
export function SettingsScreen({ session, status }: { session: SessionInfo; status: AppStatus }) {
  const { t } = useI18n();
  const admin = session.capabilities.includes('administer');
  return (
    <section>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('nav.settings')}
      </h1>
      {admin ? <StaffAdmin self={session.staff.id} /> : null}
      {admin ? <DeviceSettings status={status} /> : null}
      {admin ? <PrinterSettingsPanel /> : null}
      {admin ? <RegistrySettings /> : null}
      {admin ? <BackupList mode="settings" /> : null}
      {admin ? <AuditLog /> : null}
      <UpdatesPanel admin={admin} />
      <OwnPinForm />
    </section>
  );
}
