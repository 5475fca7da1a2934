/*
 * A stand-in for the `electron` module, because no Electron binary can run on these machines
 * (TOOLCHAIN.md). It records what the built main bundle and preload ask of Electron, then pokes
 * the recorded handlers the way Electron would, and writes a JSON report for the test to check.
 */
'use strict';
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const report = {
  singleInstanceLock: false,
  schemes: [],
  ipc: [],
  windows: [],
  menu: 'unset',
  permissionRequest: null,
  permissionCheck: null,
  navigation: {},
  protocol: {},
  ipcCalls: {},
  exposed: null,
  errors: [],
};
const ipcHandlers = new Map();
const appEvents = new Map();
let protocolHandler = null;
let permissionRequestHandler = null;
let permissionCheckHandler = null;
let nextContentsId = 1;

function fakeContents() {
  const events = new Map();
  return {
    id: nextContentsId++,
    on: (name, fn) => events.set(name, fn),
    events,
    openHandler: null,
    setWindowOpenHandler(fn) {
      this.openHandler = fn;
    },
  };
}

class BrowserWindow {
  constructor(options) {
    this.webContents = fakeContents();
    report.windows.push({ webPreferences: options.webPreferences, url: null, id: this.webContents.id });
    this._record = report.windows[report.windows.length - 1];
  }
  once() {}
  on() {}
  show() {}
  focus() {}
  isMinimized() {
    return false;
  }
  loadURL(url) {
    this._record.url = url;
    return Promise.resolve();
  }
}

const userData = process.env.STUB_USERDATA;
const electron = {
  app: {
    isPackaged: false,
    requestSingleInstanceLock: () => (report.singleInstanceLock = true),
    quit: () => undefined,
    on: (name, fn) => appEvents.set(name, fn),
    whenReady: () => Promise.resolve(),
    getPath: (name) => (name === 'documents' ? path.join(userData, 'documents') : userData),
    getAppPath: () => process.env.STUB_APPPATH,
    getVersion: () => '0.0.0-smoke',
  },
  BrowserWindow,
  ipcMain: {
    handle: (name, fn) => {
      report.ipc.push(name);
      ipcHandlers.set(name, fn);
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => report.schemes.push(...schemes),
    handle: (scheme, fn) => {
      report.protocol.scheme = scheme;
      protocolHandler = fn;
    },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn) => (permissionRequestHandler = fn),
      setPermissionCheckHandler: (fn) => (permissionCheckHandler = fn),
    },
  },
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(`stub-wrapped:${Buffer.from(s).toString('base64')}`),
    decryptString: (b) => Buffer.from(b.toString().replace('stub-wrapped:', ''), 'base64').toString(),
  },
  Menu: { setApplicationMenu: (m) => (report.menu = m) },
  shell: { openPath: async () => '' },
  // Chromium's fetch (system proxy); here Node's, recorded.
  net: { fetch: (url, init) => ((report.netFetches = (report.netFetches ?? 0) + 1), globalThis.fetch(url, init)) },
  powerMonitor: { on: (event) => (report.powerEvents = [...(report.powerEvents ?? []), event]) },
  contextBridge: {
    exposeInMainWorld: (key, api) => (report.exposed = { key, methods: Object.keys(api).sort(), frozen: Object.isFrozen(api) }),
  },
  ipcRenderer: { invoke: () => Promise.resolve(null) },
};

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolve(request, ...rest) {
  if (request === 'electron') return 'electron-stub';
  return originalResolve.call(this, request, ...rest);
};
require.cache['electron-stub'] = { id: 'electron-stub', filename: 'electron-stub', loaded: true, exports: electron };

async function probe() {
  // Permissions: every request refused.
  if (permissionRequestHandler) permissionRequestHandler(null, 'media', (granted) => (report.permissionRequest = granted));
  if (permissionCheckHandler) report.permissionCheck = permissionCheckHandler(null, 'geolocation');
  // Navigation and window.open, as Electron would call the app-wide hook for a new page.
  const created = appEvents.get('web-contents-created');
  if (created) {
    const contents = fakeContents();
    created({}, contents);
    let prevented = false;
    contents.events.get('will-navigate')?.({ preventDefault: () => (prevented = true) }, 'https://example.org/');
    report.navigation.externalPrevented = prevented;
    prevented = false;
    contents.events.get('will-navigate')?.({ preventDefault: () => (prevented = true) }, 'app://buurtbalie/index.html#/monitor');
    report.navigation.internalPrevented = prevented;
    report.navigation.windowOpen = contents.openHandler ? contents.openHandler({ url: 'https://example.org' }) : null;
    let webview = false;
    contents.events.get('will-attach-webview')?.({ preventDefault: () => (webview = true) });
    report.navigation.webviewPrevented = webview;
  }
  // The app:// protocol: files inside the renderer folder only, with the CSP header.
  if (protocolHandler) {
    const index = await protocolHandler(new Request('app://buurtbalie/index.html'));
    report.protocol.index = { status: index.status, csp: index.headers.get('content-security-policy') };
    const escape = await protocolHandler(new Request('app://buurtbalie/%2e%2e/%2e%2e/package.json'));
    report.protocol.escape = escape.status;
    const otherHost = await protocolHandler(new Request('app://elsewhere/index.html'));
    report.protocol.otherHost = otherHost.status;
  }
  // IPC: from our window it works; from anywhere else it is refused.
  const windowId = report.windows[0]?.id;
  const status = ipcHandlers.get('app:status');
  if (status) {
    report.ipcCalls.trusted = await status({ sender: { id: windowId }, senderFrame: { url: 'app://buurtbalie/index.html' } }, {});
    report.ipcCalls.foreignFrame = await status({ sender: { id: windowId }, senderFrame: { url: 'https://evil.example/' } }, {});
    report.ipcCalls.otherWindow = await status({ sender: { id: 999 }, senderFrame: { url: 'app://buurtbalie/index.html' } }, {});
    report.ipcCalls.badInput = await ipcHandlers.get('staff:create')(
      { sender: { id: windowId }, senderFrame: { url: 'app://buurtbalie/index.html' } },
      { name: 42 },
    );
  }
  report.userDataFiles = fs.readdirSync(userData).sort();
}

process.on('beforeExit', () => {
  if (report.written) return;
  report.written = true;
  probe()
    .catch((error) => report.errors.push(String(error && error.stack ? error.stack : error)))
    .finally(() => fs.writeFileSync(path.resolve(process.env.STUB_REPORT), JSON.stringify(report, null, 2)));
});
