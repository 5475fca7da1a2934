/**
 * Business days are calendar days in Almelo's time zone, so a donation at 23:30 local time belongs
 * to that evening's day whatever the device clock's zone. Pure: Intl only.
 */
export const TIME_ZONE = 'Europe/Amsterdam';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export type BusinessDay = string; // YYYY-MM-DD

/**
 * The last hour asked and its day: Intl's formatting costs more than the rest of a donation's bookkeeping, and every
 * donation asks. Amsterdam's offset from UTC has been a whole number of hours since 1940, so within one UTC hour the
 * local date cannot change; earlier moments are formatted every time.
 */
const HOUR_MS = 3_600_000;
let cachedHour = Number.NaN;
let cachedDay = '';

export function businessDayOf(moment: Date): BusinessDay {
  const ms = moment.getTime();
  if (!(ms >= 0)) return dayFormat.format(moment);
  const hour = Math.floor(ms / HOUR_MS);
  if (hour !== cachedHour) {
    cachedDay = dayFormat.format(moment);
    cachedHour = hour;
  }
  return cachedDay;
}

export function nextBusinessDay(day: BusinessDay): BusinessDay {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1));
  return next.toISOString().slice(0, 10);
}

export function isBusinessDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

const minuteFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "YYYY-MM-DD HH:MM" in Almelo's time zone: sorts as text in time order. */
export function localMinute(moment: Date): string {
  const p = Object.fromEntries(minuteFormat.formatToParts(moment).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The nightly job is due when today's time `at` (HH:MM, local) has passed and the last success was before it. */
export function nightlyDue(now: Date, lastSuccess: Date | null, at: string): boolean {
  const moment = `${businessDayOf(now)} ${at}`;
  return localMinute(now) >= moment && (!lastSuccess || localMinute(lastSuccess) < moment);
}

/** The calendar year in Almelo of a moment (budget years, reports). */
export function yearOf(moment: Date): number {
  return Number(businessDayOf(moment).slice(0, 4));
}

const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/**
 * A moment as another party wrote it (a device's clock, an event's deviceTime), in epoch milliseconds; NaN when it is
 * not ISO-8601. A date and time without `Z` or an offset is read as UTC: JavaScript would read it in the zone of the
 * machine that parses it, and the ledger's decisions must not depend on how its server is set.
 */
export function momentOf(text: string): number {
  return Date.parse(WITHOUT_OFFSET.test(text) ? `${text}Z` : text);
}
