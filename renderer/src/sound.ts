/**
 * Short tones for the counter: a high beep for a good voucher, two low ones for a refused one, so
 * staff who look at the stack instead of the screen still know. Silent where audio is unavailable.
 */
let context: AudioContext | null = null;

function tone(frequency: number, startAt: number, seconds: number): void {
  if (!context) return;
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.frequency.value = frequency;
  gain.gain.value = 0.15;
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(context.currentTime + startAt);
  oscillator.stop(context.currentTime + startAt + seconds);
}

/**
 * Set up the audio ahead, when the browser is idle: Chromium's first AudioContext took 193 ms on the benchmark VM
 * (docs/benchmarks.md), which the first scan's answer otherwise waited for. The scan screens call this when they open.
 */
export function prepareSignals(): void {
  const prepare = () => {
    try {
      context ??= new AudioContext();
    } catch {
      // No audio: playSignal stays silent.
    }
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(prepare, { timeout: 2_000 });
  else setTimeout(prepare, 500);
}

export function playSignal(kind: 'ok' | 'refused'): void {
  try {
    context ??= new AudioContext();
    // Made before the page had a key or click (browser mode), a context starts suspended; a scan is one.
    if (context.state === 'suspended') context.resume().catch(() => undefined);
    if (kind === 'ok') tone(1320, 0, 0.09);
    else {
      tone(330, 0, 0.12);
      tone(262, 0.16, 0.16);
    }
  } catch {
    // No audio device: the colour and the text still say it.
  }
}
