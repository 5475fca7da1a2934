/**
 * The update feed for the desktop app (docs/operations.md § Updates): GET /updates/<channel>/<file> from the folder
 * BB_LEDGER_UPDATES_DIR — electron-builder's latest.yml and installers, and our compat.json, one subfolder per
 * channel. Static files with ranges (electron-updater's downloads resume); no listing, no dotfiles, nothing outside
 * the folder. Without the setting there is no feed (404).
 */
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export async function updateRoutes(app: FastifyInstance, dir: string | undefined): Promise<void> {
  if (!dir) return;
  if (!fs.existsSync(dir)) app.log.warn({ dir }, 'update folder does not exist (yet); the feed answers 404');
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/updates/',
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    cacheControl: false,
    // Installers are immutable per version; latest.yml must be read fresh.
    setHeaders: (res, file) =>
      res.setHeader('cache-control', file.endsWith('.yml') || file.endsWith('.json') ? 'no-cache' : 'public, max-age=86400'),
  });
}
