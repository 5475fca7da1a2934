import type { ReactNode } from 'react';

/** A wide table scrolls sideways inside its own box; the box is a named region a keyboard can scroll. */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
