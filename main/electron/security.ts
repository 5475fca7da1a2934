/**
 * Secure defaults in one place: what every window gets, and what the whole app refuses.
 * tests/smoke checks these with a stubbed electron module; tests/electron checks them for real
 * where an Electron binary exists.
 */
import type { App, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

export const APP_ORIGIN = 'app://buurtbalie';

export function secureWebPreferences(preloadFile: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadFile,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/** Only our own pages: the window never navigates away, opens no windows, attaches no webviews. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** No camera, microphone, notifications, geolocation…: every permission request is refused. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function applyAppWideSecurity(app: App): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}
