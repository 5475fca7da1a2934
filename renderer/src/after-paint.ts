/**
 * How long work waits for the next frame at most. A window the system does not show (minimised, covered) gets no
 * frames; the work then runs anyway instead of waiting until it is shown. A shown window gets a frame within
 * milliseconds, so the wait is long enough that a busy machine's late frame never ends it early.
 */
export const NO_FRAME_MS = 1_000;

/** The browser's frame callbacks, typed here so this module also compiles without the DOM's types (its unit test runs in Node). */
const frames = globalThis as unknown as {
  requestAnimationFrame(callback: () => void): number;
  cancelAnimationFrame(id: number): void;
};

/**
 * Runs `work` once the browser has painted the next frame: a frame callback runs just before that frame's paint, and
 * a task queued from it runs just after. Used where an answer must reach the screen before heavier rendering that
 * can wait a frame (the counter's list of initiatives after a scan's answer, bench/counter-ui.ts). Runs `work` once
 * at most; returns a cancel.
 */
export function afterNextPaint(work: () => void): () => void {
  let done = false;
  let frame = 0;
  let afterFrame: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    done = true;
    frames.cancelAnimationFrame(frame);
    clearTimeout(fallback);
    clearTimeout(afterFrame);
  };
  const run = () => {
    if (done) return;
    stop();
    work();
  };
  const fallback = setTimeout(run, NO_FRAME_MS);
  frame = frames.requestAnimationFrame(() => {
    clearTimeout(fallback);
    afterFrame = setTimeout(run, 0);
  });
  return stop;
}
