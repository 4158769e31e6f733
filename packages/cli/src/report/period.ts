import { UsageError } from '../errors.js';
import { DAY_MS } from './analytics/hours.js';

/** The window when neither --since nor --days is given: the last 7 days. */
export const DEFAULT_DAYS = 7;
/**
 * Longest window: a year. The report keeps hourly series over the window plus 14 days of history, and
 * Prometheus answers at most 11,000 points per series (a year and its history at 1 h is ~9,100).
 */
export const MAX_DAYS = 366;

export interface Period {
  since: Date;
  until: Date;
}

// ISO 8601 as people type it: a date, or a date and time with an optional zone.
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** An ISO 8601 instant; a date alone is UTC midnight, and so is a time without a zone read as UTC. */
export function parseInstant(flag: string, raw: string): Date {
  const match = ISO.exec(raw.trim());
  let ms = Number.NaN;
  if (match) {
    const text = raw.trim().replace(' ', 'T');
    // Date.parse reads a zone-less date-time as LOCAL time; the report is in UTC.
    ms = Date.parse(text.length > 10 && match[1] === undefined ? `${text}Z` : text);
  }
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `llmcost report: --${flag} '${raw}' is not an ISO 8601 date or time: use e.g. 2026-11-01 or 2026-11-01T09:00:00Z`,
    );
  }
  return new Date(ms);
}

/** `--days N`: a positive whole number of days. */
export function parseDays(raw: string): number {
  const days = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(days) || days <= 0) {
    throw new UsageError(
      `llmcost report: --days '${raw}' must be a positive whole number of days, e.g. --days 7`,
    );
  }
  return days;
}

/**
 * The report window [since, until): `--until` (default now) and either `--since` or `--days` back from it
 * (default 7 days).
 */
export function resolvePeriod(opts: { since?: string; until?: string; days?: string }, now: Date): Period {
  if (opts.since !== undefined && opts.days !== undefined) {
    throw new UsageError('llmcost report: use either --since or --days, not both');
  }
  const until = opts.until === undefined ? now : parseInstant('until', opts.until);
  const since =
    opts.since !== undefined
      ? parseInstant('since', opts.since)
      : new Date(until.getTime() - (opts.days === undefined ? DEFAULT_DAYS : parseDays(opts.days)) * DAY_MS);
  if (since.getTime() >= until.getTime()) {
    throw new UsageError(
      `llmcost report: --until ${until.toISOString()} is not after --since ${since.toISOString()}: give a window that ends after it starts`,
    );
  }
  const days = (until.getTime() - since.getTime()) / DAY_MS;
  if (days > MAX_DAYS) {
    throw new UsageError(
      `llmcost report: the window ${since.toISOString()} .. ${until.toISOString()} is ${Math.ceil(days)} days: the report covers at most ${MAX_DAYS}; report one year at a time`,
    );
  }
  return { since, until };
}
