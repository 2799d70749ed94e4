// Calendar arithmetic on ISO days ("2025-11-24") and months ("2025-11"), in UTC so the local time
// zone never moves a day. Weeks start on Monday.

const DAY_MS = 86_400_000;

function utc(iso: string): number {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function isoOf(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

/** "2025-11-24" → "2025-11". */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** The first day of a month: "2025-11" → "2025-11-01". */
export function firstDay(month: string): string {
  return `${month}-01`;
}

export function daysInMonth(month: string): number {
  const [y = 0, m = 1] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The last day of a month: "2025-02" → "2025-02-28". */
export function lastDay(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

/** "2025-11", +3 → "2026-02". */
export function addMonths(month: string, count: number): string {
  const [y = 0, m = 1] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + count, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function addDays(iso: string, count: number): string {
  return isoOf(utc(iso) + count * DAY_MS);
}

/** The same day of the month `count` months away, kept inside that month (Jan 31 + 1 → Feb 28). */
export function addMonthsToDay(iso: string, count: number): string {
  const month = addMonths(monthOf(iso), count);
  const day = Math.min(Number(iso.slice(8, 10)), daysInMonth(month));
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** Monday 0 … Sunday 6. */
export function weekday(iso: string): number {
  return (new Date(utc(iso)).getUTCDay() + 6) % 7;
}

export function dayOfMonth(iso: string): number {
  return Number(iso.slice(8, 10));
}

/** The month as weeks of seven cells, Monday first; cells outside the month are null. */
export function monthWeeks(month: string): (string | null)[][] {
  const lead = weekday(firstDay(month));
  const days = daysInMonth(month);
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d += 1) cells.push(`${month}-${String(d).padStart(2, '0')}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Milliseconds at UTC midnight of a month's first day, for Intl formatting with timeZone UTC. */
export function monthMillis(month: string): number {
  return utc(firstDay(month));
}

/** Milliseconds at UTC midnight of a day. */
export function dayMillis(iso: string): number {
  return utc(iso);
}

/** Whether `iso` is a real calendar day written YYYY-MM-DD. */
export function isIsoDay(iso: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && isoOf(utc(iso)) === iso;
}

/** Whether `month` is written YYYY-MM with a real month. */
export function isIsoMonth(month: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
}
