/**
 * afterNextPaint (renderer/src/after-paint.ts): the counter's list of initiatives waits for the frame that paints a
 * scan's answer. Frames are driven by hand here (Node has none); timers are vitest's fake ones. In a real browser,
 * tests/e2e/redeem.spec.ts checks that the answer's frame holds the answer without the list.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint, NO_FRAME_MS } from '../../renderer/src/after-paint';

let frames: Map<number, () => void>;
let nextFrame: number;
const paintFrame = () => {
  const callbacks = [...frames.values()];
  frames.clear();
  for (const callback of callbacks) callback();
};

beforeEach(() => {
  vi.useFakeTimers();
  frames = new Map();
  nextFrame = 1;
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => {
    frames.set(nextFrame, callback);
    return nextFrame++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('afterNextPaint', () => {
  it('runs the work in a task after the next frame, not before it and not in it, and once', () => {
    const work = vi.fn();
    afterNextPaint(work);
    vi.advanceTimersByTime(10);
    expect(work).not.toHaveBeenCalled();
    paintFrame();
    expect(work).not.toHaveBeenCalled(); // the frame's own paint comes first
    vi.advanceTimersByTime(0);
    expect(work).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2 * NO_FRAME_MS); // the no-frame fallback is gone
    paintFrame();
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs the work anyway when no frame comes (a window the system does not show), once', () => {
    const work = vi.fn();
    afterNextPaint(work);
    vi.advanceTimersByTime(NO_FRAME_MS - 1);
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(work).toHaveBeenCalledTimes(1);
    paintFrame();
    vi.advanceTimersByTime(2 * NO_FRAME_MS);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('never runs cancelled work: before the frame, or between the frame and its task', () => {
    const early = vi.fn();
    afterNextPaint(early)();
    paintFrame();
    vi.advanceTimersByTime(2 * NO_FRAME_MS);
    expect(early).not.toHaveBeenCalled();

    const late = vi.fn();
    const cancel = afterNextPaint(late);
    paintFrame();
    cancel();
    vi.advanceTimersByTime(2 * NO_FRAME_MS);
    expect(late).not.toHaveBeenCalled();
  });
});
