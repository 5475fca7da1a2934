/**
 * Browser mode: a development and test harness, not a production host. It serves the built renderer
 * and the same API (same dispatcher, same services) over HTTP on 127.0.0.1 only, behind a random
 * per-run token. The page receives the same `window.buurtbalie` object the preload exposes, built by
 * /bridge.js from the same list of names.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { apiNames, toMethodName } from '../../core/api/names.js';
import type { BuurtbalieApp } from '../../services/app.js';
import { contentSecurityPolicy } from '../csp.js';

export interface BrowserServer {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Built once from the contract's names; the token arrives in the page URL, never in this file. */
function bridgeScript(): string {
  const methods = Object.fromEntries(apiNames.map((name) => [toMethodName(name), name]));
  return `(() => {
  'use strict';
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem('buurtbalie-token', fromUrl);
    history.replaceState(null, '', location.pathname + location.hash);
  }
  const token = sessionStorage.getItem('buurtbalie-token') || '';
  const methods = ${JSON.stringify(methods)};
  const call = async (name, input) => {
    try {
      const response = await fetch('./api/' + encodeURIComponent(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
        body: JSON.stringify(input === undefined ? {} : input),
      });
      return await response.json();
    } catch (error) {
      return { ok: false, error: { code: 'INTERNAL', message: 'Geen verbinding met Buurtbalie.' } };
    }
  };
  const api = {};
  for (const [method, name] of Object.entries(methods)) api[method] = (input) => call(name, input);
  Object.defineProperty(window, 'buurtbalie', { value: Object.freeze(api), writable: false, configurable: false });
})();
`;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startBrowserServer(options: {
  app: BuurtbalieApp;
  rendererDir: string;
  port?: number;
  token?: string;
}): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const indexFile = path.join(options.rendererDir, 'index.html');
  if (!fs.existsSync(indexFile)) throw new Error(`renderer not built: ${indexFile} is missing (run npm run build)`);
  const index = fs
    .readFileSync(indexFile, 'utf8')
    // The bridge is a classic script, so it runs before the renderer's module script.
    .replace('</head>', '  <script src="./bridge.js"></script>\n  </head>');
  const bridge = bridgeScript();
  const connection = options.app.connect();
  let port = 0;

  // Room for a photo (4 MB as base64) in one call; everything else is far smaller.
  const server: FastifyInstance = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  server.addHook('onRequest', async (request, reply) => {
    // Refuse other Host headers: a web page elsewhere cannot rebind a name onto this port.
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return reply.code(421).send('wrong host');
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    return undefined;
  });
  const sendIndex = (_req: unknown, reply: { type(t: string): { send(b: string): unknown } }) =>
    reply.type('text/html; charset=utf-8').send(index);
  server.get('/', sendIndex);
  server.get('/index.html', sendIndex);
  server.get('/bridge.js', (_req, reply) => reply.type('text/javascript; charset=utf-8').send(bridge));
  server.post<{ Params: { name: string } }>('/api/:name', async (request, reply) => {
    const auth = request.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !sameToken(auth.slice(7), token)) {
      return reply.code(401).send({ ok: false, error: { code: 'NOT_LOGGED_IN', message: 'Geen toegang.' } });
    }
    return connection.call(request.params.name, request.body);
  });
  // A malformed JSON body is answered like any other bad input, never with a crash.
  server.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    void reply.code(status >= 400 && status < 500 ? 400 : 500).send({
      ok: false,
      error: { code: status < 500 ? 'VALIDATION' : 'INTERNAL', message: 'Het verzoek kon niet worden gelezen.' },
    });
  });
  await server.register(fastifyStatic, { root: options.rendererDir, index: false, wildcard: true });
  await server.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = server.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    close: () => server.close(),
  };
}
