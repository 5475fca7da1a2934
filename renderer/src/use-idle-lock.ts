import { useEffect, useRef } from 'react';
import { api } from './api-client';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
const HEARTBEAT_EVERY_MS = 30_000;

/**
 * Locks the screen after `minutes` without keyboard or pointer use, and tells the main side that
 * someone is working (at most every 30 s) so its own idle check agrees.
 *
 * `onIdle` is kept in a ref: the caller hands a new function on every render (the status bar re-renders
 * every 30 s), and restarting the watch on each would reset the idle time, so a counter PC left alone
 * would never lock and keep showing the last resident's data. Only a new `minutes` restarts the watch.
 */
export function useIdleLock(minutes: number, onIdle: () => void): void {
  const lastActivity = useRef(0);
  const lastHeartbeat = useRef(0);
  const onIdleNow = useRef(onIdle);
  useEffect(() => {
    onIdleNow.current = onIdle;
  }, [onIdle]);
  useEffect(() => {
    lastActivity.current = Date.now();
    let fired = false;
    const activity = (): void => {
      const now = Date.now();
      lastActivity.current = now;
      if (now - lastHeartbeat.current > HEARTBEAT_EVERY_MS) {
        lastHeartbeat.current = now;
        void api.sessionHeartbeat({}).catch(() => undefined);
      }
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, activity, { passive: true });
    const timer = window.setInterval(() => {
      if (!fired && Date.now() - lastActivity.current > minutes * 60_000) {
        fired = true;
        onIdleNow.current();
      }
    }, 1000);
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, activity);
      window.clearInterval(timer);
    };
  }, [minutes]);
}
