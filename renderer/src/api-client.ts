/**
 * The renderer's typed client: the object the preload (or the browser-mode bridge) exposes,
 * unwrapped so a failed call throws an ApiCallError with a code the screens can act on.
 */
import type { BuurtbalieApi } from '../../core/api/contract';
import type { ApiError, ApiResult } from '../../core/api/errors';

declare global {
  interface Window {
    buurtbalie?: BuurtbalieApi;
  }
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
  get code(): ApiError['code'] {
    return this.error.code;
  }
}

type Unwrapped = {
  [K in keyof BuurtbalieApi]: (
    ...args: Parameters<BuurtbalieApi[K]>
  ) => Promise<Awaited<ReturnType<BuurtbalieApi[K]>> extends ApiResult<infer T> ? T : never>;
};

type Listener = (error: ApiError) => void;
const listeners = new Set<Listener>();
/** Lets the shell react to NOT_LOGGED_IN and SESSION_LOCKED wherever they happen. */
export function onApiError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

type SuccessListener = (method: string) => void;
const successListeners = new Set<SuccessListener>();
/** Lets the shell refresh the status bar (unsent items) after calls that write. */
export function onApiSuccess(listener: SuccessListener): () => void {
  successListeners.add(listener);
  return () => successListeners.delete(listener);
}

export function hasBridge(): boolean {
  return typeof window.buurtbalie === 'object' && window.buurtbalie !== null;
}

export const api: Unwrapped = new Proxy({} as Unwrapped, {
  get(_target, method: string) {
    return async (input: unknown) => {
      const bridge = window.buurtbalie as unknown as Record<string, ((i: unknown) => Promise<ApiResult<unknown>>) | undefined>;
      const fn = bridge[method];
      if (!fn) throw new ApiCallError({ code: 'UNKNOWN_CALL', message: 'Deze handeling bestaat niet.' });
      const result = await fn(input ?? {});
      if (result.ok) {
        for (const listener of successListeners) listener(method);
        return result.value;
      }
      for (const listener of listeners) listener(result.error);
      throw new ApiCallError(result.error);
    };
  },
});
