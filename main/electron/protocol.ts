/**
 * The renderer is served from app://buurtbalie/ out of the built renderer folder: a standard,
 * secure origin (so the CSP's 'self' means something) that can only ever reach local files.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { contentSecurityPolicy } from '../csp.js';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const APP_SCHEME = 'app';

export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
  ]);
}

/** Resolves a request path inside `root`, or null when it would escape it. */
export function resolveInside(root: string, urlPath: string): string | null {
  const decoded = decodeURIComponent(urlPath);
  const file = path.resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

export function serveRenderer(protocol: Protocol, rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'buurtbalie' ? resolveInside(root, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await fs.readFile(file);
      return new Response(body, {
        headers: {
          'content-type': types[path.extname(file)] ?? 'application/octet-stream',
          'content-security-policy': contentSecurityPolicy,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
