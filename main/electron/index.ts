/**
 * The Electron shell: single instance, secure window, app:// protocol, IPC, nothing more.
 * Everything else lives in services/ and runs the same under Node.
 */
import path from 'node:path';
import { followUpdateDecision } from './updater.js';
import { app, BrowserWindow, ipcMain, Menu, net, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import { startApp, type BuurtbalieApp } from '../../services/app.js';
import { createFileLogger } from '../../services/platform/logging.js';
import type { KeyWrapper } from '../../services/platform/store-key.js';
import { registerApi } from './ipc.js';
import { appPaths } from './paths.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { APP_ORIGIN, applyAppWideSecurity, denyAllPermissions, secureWebPreferences } from './security.js';

/** The store key is wrapped by the operating system's secret store (DPAPI, Keychain, libsecret). */
const safeStorageWrapper: KeyWrapper = {
  wrap: (keyHex) => {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('safeStorage unavailable');
    return safeStorage.encryptString(keyHex);
  },
  unwrap: (data) => safeStorage.decryptString(data),
};

let mainWindow: BrowserWindow | null = null;

function createMainWindow(preloadFile: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    title: 'Buurtbalie',
    show: false,
    webPreferences: secureWebPreferences(preloadFile),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function boot(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme(protocol);
  applyAppWideSecurity(app);
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => app.quit());

  let buurtbalie: BuurtbalieApp | null = null;
  void app.whenReady().then(() => {
    const paths = appPaths(app.isPackaged, app.getAppPath(), process.resourcesPath);
    const dataDir = app.getPath('userData');
    const log = createFileLogger(dataDir);
    denyAllPermissions(session.defaultSession);
    serveRenderer(protocol, paths.rendererDir);
    Menu.setApplicationMenu(null);
    buurtbalie = startApp({
      dataDir,
      resourcesDir: paths.resourcesDir,
      migrationsFolder: paths.migrationsFolder,
      host: {
        kind: 'electron',
        version: app.getVersion(),
        openFolder: async (folder) => {
          const problem = await shell.openPath(folder);
          if (problem) throw new Error(problem);
        },
        // A restored backup takes the store's place at the next start.
        restart: () => {
          app.relaunch();
          app.quit();
        },
      },
      log,
      keyWrapper: safeStorageWrapper,
      // PDF receipts where staff look for documents: Documents/Buurtbalie-bonnen.
      receiptsDir: path.join(app.getPath('documents'), 'Buurtbalie-bonnen'),
      // The offline batch file for the administrator, next to them: Documents/Buurtbalie-verzenden.
      exportDir: path.join(app.getPath('documents'), 'Buurtbalie-verzenden'),
      // Chromium's network stack: the system's proxy settings (and PAC), as the municipality configured them.
      ledgerFetch: (url, init) => net.fetch(url, init as Parameters<typeof net.fetch>[1]),
      // The update decision (services/updates) handed to electron-updater.
      onUpdateChecked: followUpdateDecision(log),
    });
    // A laptop waking up (home visits) usually has its network back: sync then, not at the next retry.
    powerMonitor.on('resume', () => void buurtbalie?.sync?.run().catch(() => undefined));
    registerApi(ipcMain, buurtbalie, log, (id) => mainWindow?.webContents.id === id);
    mainWindow = createMainWindow(paths.preloadFile);
    mainWindow.on('closed', () => (mainWindow = null));
    log.info({ store: buurtbalie.storeState.state }, 'app started');
  });
  app.on('will-quit', () => buurtbalie?.close());
}

boot();
