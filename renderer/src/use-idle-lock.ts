import { useEffect, useRef } from 'react';
import { api } from './api-client';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
const HEARTBEAT_EVERY_MS = 30_000;

/**
 * Locks the screen after `minutes` without keyboard or pointer use, and tells the main side that
 * someone is working (at most every 30 s) so its own idle check agrees.
 */
export function useIdleLock(minutes: number, onIdle: () => void): void {
  const lastActivity = useRef(0);
  const lastHeartbeat = useRef(0);
  useEffect(() => {
    lastActivity.current = Date.now();
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
      if (Date.now() - lastActivity.current > minutes * 60_000) onIdle();
    }, 1000);
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, activity);
      window.clearInterval(timer);
    };
  }, [minutes, onIdle]);
}
