/**
 * The installers' configuration (electron-builder.yml), checked by electron-builder's own validation (its JSON
 * schema and its deprecation rules, the code `electron-builder` runs before it builds), and the promises of
 * issue 17 on top: per-user NSIS in Dutch, AppImage and deb, the icon, production fuses, the generic update feed,
 * the native module rebuilt for Electron. Building the installers needs the internet (`npm run package`).
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { PNG } from 'pngjs';
import { root } from '../helpers/app';

// electron-builder's own validator (app-builder-lib), as `electron-builder` calls it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, logger: { isEnabled: boolean; add: () => void }) => Promise<void>;
};
const quiet = { isEnabled: false, add: () => undefined };

type Config = Record<string, unknown> & {
  nsis: Record<string, unknown>;
  linux: { target: string[]; icon: string };
  win: { target: string; icon: string };
  electronFuses: Record<string, boolean>;
  publish: { provider: string; url: string };
  directories: { buildResources: string };
};
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Config;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation', async () => {
    await expect(validateConfiguration(structuredClone(config), quiet)).resolves.toBeUndefined();
  });

  it('is refused by that validation when it is wrong (the check is real)', async () => {
    await expect(validateConfiguration({ ...structuredClone(config), nsis: { perMachine: 'no' } }, quiet)).rejects.toThrow(/perMachine/);
    await expect(validateConfiguration({ ...structuredClone(config), notAnOption: true }, quiet)).rejects.toThrow(/notAnOption/);
  });

  it('installs per user in Dutch on Windows, as AppImage and deb on Linux', () => {
    expect(config.win.target).toBe('nsis');
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false, language: '1043', installerLanguages: ['nl_NL'] });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    // The version comes from package.json: the config does not set one.
    expect(config).not.toHaveProperty('extraMetadata');
  });

  it('has an icon of at least 512 × 512 where electron-builder looks for it', () => {
    const file = path.join(root, config.directories.buildResources, config.linux.icon);
    expect(config.win.icon).toBe(config.linux.icon);
    const png = PNG.sync.read(fs.readFileSync(file));
    expect(png.width).toBeGreaterThanOrEqual(512);
    expect(png.height).toBe(png.width);
  });

  it('sets the production fuses: no RunAsNode, no NODE_OPTIONS or --inspect, asar only and its integrity checked', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('publishes to a generic feed under /updates/<channel>/, as the ledger serves it', () => {
    expect(config.publish.provider).toBe('generic');
    expect(new URL(config.publish.url).pathname).toMatch(/^\/updates\/[a-z]+$/);
  });
});
