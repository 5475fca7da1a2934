/**
 * How the sync client reaches the ledger. Municipal networks put a proxy between a counter and the internet; the
 * client must go through it or it never syncs. In Electron the host passes `net.fetch`, which uses Chromium's
 * network stack and so the system's proxy settings (also PAC files and per-user settings). In browser mode Node's
 * fetch knows no proxy: an explicit one is set with BB_PROXY (every request goes through it), or the usual
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY variables are honoured (undici's agents). Without any, a direct connection.
 */
import { EnvHttpProxyAgent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';

export type LedgerFetch = (url: string, init: RequestInit) => Promise<Response>;

export const directFetch: LedgerFetch = (url, init) => fetch(url, init);

function through(dispatcher: Dispatcher): LedgerFetch {
  return (url, init) => undiciFetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
}

/** Every request through this proxy (http://host:port, optionally with user:password@). */
export function proxiedFetch(proxyUrl: string): LedgerFetch {
  const parsed = new URL(proxyUrl);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('A proxy address starts with http:// or https://.');
  return through(new ProxyAgent(proxyUrl));
}

/** Browser mode's transport from the environment; also says which one it chose (for the log, without credentials). */
export function ledgerFetchFromEnv(env: NodeJS.ProcessEnv): { fetch: LedgerFetch; via: string } {
  const explicit = env.BB_PROXY?.trim();
  if (explicit) {
    const shown = new URL(explicit);
    return { fetch: proxiedFetch(explicit), via: `proxy ${shown.protocol}//${shown.host}` };
  }
  const httpsProxy = env.HTTPS_PROXY || env.https_proxy || undefined;
  const httpProxy = env.HTTP_PROXY || env.http_proxy || undefined;
  if (httpsProxy || httpProxy) {
    const agent = new EnvHttpProxyAgent({ httpProxy, httpsProxy, noProxy: env.NO_PROXY ?? env.no_proxy ?? '' });
    return { fetch: through(agent), via: 'proxy from HTTPS_PROXY/HTTP_PROXY (NO_PROXY honoured)' };
  }
  return { fetch: directFetch, via: 'direct' };
}
