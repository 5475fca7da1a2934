import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { messageFor } from '../errors';

/** Load data for a screen once; gives the data, or the sentence to show when it failed. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): { data: T | null; error: string | null } {
  const i18n = useI18n();
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null }),
      (error: unknown) => live && setState({ data: null, error: messageFor(i18n, error) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- callers pass the inputs that matter
  }, deps);
  return state;
}
