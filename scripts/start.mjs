// `npm start`: build, then run the real Electron app. Where no Electron binary can be had (as on
// build machines without access to its download), say so in one sentence and start browser mode,
// so the app always runs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function electronBinary() {
  try {
    const file = createRequire(import.meta.url)('electron');
    return typeof file === 'string' && fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

// npm install never runs Electron's download (allowScripts: electron false), so an install cannot fail on it.
// Here, where the app wants to run, try it once; without internet it fails at once and we use browser mode.
function fetchElectron() {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!fs.existsSync(installer) || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return;
  spawnSync(process.execPath, [installer], { cwd: path.dirname(installer), stdio: 'ignore', timeout: 300_000 });
}

let electron = electronBinary();
if (!electron) {
  fetchElectron();
  electron = electronBinary();
}
const child = electron
  ? spawn(electron, [root], { cwd: root, stdio: 'inherit' })
  : (process.stdout.write('The Electron binary is not available on this machine, so Buurtbalie starts in browser mode instead.\n'),
    spawn(bin('tsx'), [path.join(root, 'main', 'browser', 'cli.ts')], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
