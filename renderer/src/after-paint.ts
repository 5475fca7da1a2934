/**
 * Runs `work` once the browser has painted the next frame: a frame callback runs just before that frame's paint, and
 * a task queued from it runs just after. Used where an answer must reach the screen before heavier rendering that
 * can wait a frame (the counter's list of initiatives after a scan's answer, bench/counter-ui.ts). Returns a cancel.
 */
export function afterNextPaint(work: () => void): () => void {
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(() => {
      if (!cancelled) work();
    }, 0);
  });
  return () => {
    cancelled = true;
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}
