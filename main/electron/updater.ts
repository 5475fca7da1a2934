/**
 * Electron's side of updates: services/updates decides (the feed read through the app's transport, the installer's
 * SHA-512 checked, never while the outbox holds an event the new version could not send); this hands the decision to
 * electron-updater (generic provider, the same feed), which downloads, verifies its own signature of the file and
 * installs when the app quits — so the new version runs from the next start. Any other decision switches installing
 * off. electron-updater is loaded only when a version is ready, so a counter without updates never loads it.
 * (No Electron binary runs on the build machines: the decision is tested in tests/integration/updates.test.ts.)
 */
import type { UpdateStatus } from '../../services/updates/index.js';

type Log = { info(facts: object, message: string): void; warn(facts: object, message: string): void };

export function followUpdateDecision(log: Log): (status: UpdateStatus) => void {
  let preparing: string | null = null;
  return (status) => {
    void (async () => {
      const { autoUpdater } = await import('electron-updater');
      autoUpdater.autoDownload = false;
      const install = status.state === 'ready' && status.install === 'next-start' && status.feedUrl !== null;
      autoUpdater.autoInstallOnAppQuit = install;
      if (!install || preparing === status.available) return;
      preparing = status.available;
      autoUpdater.setFeedURL({ provider: 'generic', url: status.feedUrl ?? '' });
      const found = await autoUpdater.checkForUpdates();
      if (found?.updateInfo.version !== status.available) {
        log.warn(
          { expected: status.available, found: found?.updateInfo.version ?? null },
          'the updater found another version; not installing',
        );
        autoUpdater.autoInstallOnAppQuit = false;
        preparing = null;
        return;
      }
      await autoUpdater.downloadUpdate();
      log.info({ version: status.available }, 'update ready: installed when Buurtbalie closes, running from the next start');
    })().catch((error: unknown) => {
      preparing = null;
      log.warn({ detail: String(error).slice(0, 200) }, 'update not prepared');
    });
  };
}
