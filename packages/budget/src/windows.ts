/** Budget windows are calendar periods in UTC: the hour, the day and the month a call starts in. */
export type BudgetWindow = 'hour' | 'day' | 'month';

export interface WindowSpan {
  /** Stable id used in store keys, e.g. `2026112221` (hour), `20261122` (day), `202611` (month). */
  id: string;
  /** Epoch ms of the first instant of the next window: when the cap resets. */
  endsAt: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function windowSpan(window: BudgetWindow, nowMs: number): WindowSpan {
  const d = new Date(nowMs);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (window) {
    case 'hour':
      return {
        id: `${y}${pad(m + 1)}${pad(day)}${pad(d.getUTCHours())}`,
        endsAt: Date.UTC(y, m, day, d.getUTCHours() + 1),
      };
    case 'day':
      return { id: `${y}${pad(m + 1)}${pad(day)}`, endsAt: Date.UTC(y, m, day + 1) };
    case 'month':
      return { id: `${y}${pad(m + 1)}`, endsAt: Date.UTC(y, m + 1, 1) };
  }
}

/** Days in the UTC month containing `nowMs` (used to derive a daily figure from a monthly budget). */
export function daysInMonth(nowMs: number): number {
  const d = new Date(nowMs);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}
