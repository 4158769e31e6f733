import { UsageError } from '../errors.js';

export const DAY_SECONDS = 86_400;

export interface Period {
  from: Date;
  to: Date;
}

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: DAY_SECONDS, w: 7 * DAY_SECONDS };

/** `30m`, `12h`, `7d`, `2w` -> seconds. */
export function parseDuration(raw: string): number {
  const match = /^(\d+)([mhdw])$/.exec(raw.trim());
  if (!match || Number(match[1]) === 0) {
    throw new UsageError(
      `llmcost report: --since '${raw}' is not a duration: use a number and m, h, d or w, e.g. 7d`,
    );
  }
  return Number(match[1]) * UNIT_SECONDS[match[2]!]!;
}

function parseInstant(flag: string, raw: string): Date {
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `llmcost report: --${flag} '${raw}' is not an ISO 8601 time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z`,
    );
  }
  return new Date(ms);
}

/** The report window: `--since` back from now (default 7d), or `--from` [`--to`, default now]. */
export function resolvePeriod(opts: { since?: string; from?: string; to?: string }, now: Date): Period {
  if (opts.since !== undefined && (opts.from !== undefined || opts.to !== undefined)) {
    throw new UsageError('llmcost report: use either --since or --from/--to, not both');
  }
  if (opts.to !== undefined && opts.from === undefined) {
    throw new UsageError('llmcost report: --to needs --from');
  }
  if (opts.from !== undefined) {
    const from = parseInstant('from', opts.from);
    const to = opts.to === undefined ? now : parseInstant('to', opts.to);
    if (from.getTime() >= to.getTime()) throw new UsageError('llmcost report: --from must be before --to');
    return { from, to };
  }
  const seconds = parseDuration(opts.since ?? '7d');
  return { from: new Date(now.getTime() - seconds * 1000), to: now };
}

export function seconds(a: Date, b: Date): number {
  return Math.round((b.getTime() - a.getTime()) / 1000);
}

/** First instant of the UTC month that contains `date`, and of the next month. */
export function utcMonthBounds(date: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  const end = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  return { start, end };
}
