/**
 * A one-line progress bar on stderr for long work (`report` reading files, `compare` running calls).
 *
 * It draws only when the stream is a terminal: piped or redirected stderr (CI logs, `2> file`) would fill
 * with carriage-return frames. Redraws are throttled (default at most 10 per second) so a hot loop that
 * reports every chunk costs a clock read, not a terminal write.
 */

import { bytes, int } from './units.js';

/** The part of a stream the bar uses; `process.stderr` fits, and so does a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Text before the bar, e.g. `reading` or `compare`. */
  label: string;
  /** `bytes` shows sizes and bytes/s; `items` shows counts and `<itemName>/s`. */
  unit: 'bytes' | 'items';
  /** For `items`: what is counted, e.g. `calls` (default `items`). */
  itemName?: string;
  /** Known total; may also be given (or changed) with each update. Without it there is no percent or ETA. */
  total?: number;
  /** Where to draw; default `process.stderr`. */
  stream?: ProgressStream;
  /** `--quiet`: draw nothing and print no summary. */
  quiet?: boolean;
  /** Least time between two redraws, in ms (default 100: at most ~10 per second). */
  minIntervalMs?: number;
  /** Clock in ms; tests pass a fake one. */
  now?: () => number;
}

export interface Progress {
  /** Work done so far (bytes or items), and optionally the total. Cheap to call often. */
  update(done: number, total?: number): void;
  /**
   * The work is over: a drawn bar is erased, then `summary` (if given) is written as one line, on a terminal
   * or not (unless quiet). Call once.
   */
  finish(summary?: string): void;
}

const CLEAR_LINE = '\r\x1b[2K';
const BAR_WIDTH = 24;

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const minInterval = options.minIntervalMs ?? 100;
  const draws = stream.isTTY === true && options.quiet !== true;
  const startedAt = now();
  let total = options.total;
  let done = 0;
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  let finished = false;

  const draw = (at: number) => {
    const line = formatProgressLine({ ...options, done, total, elapsedMs: at - startedAt });
    const width = stream.columns && stream.columns > 1 ? stream.columns - 1 : undefined;
    stream.write(`${CLEAR_LINE}${width !== undefined ? line.slice(0, width) : line}`);
    drawn = true;
    lastDrawAt = at;
  };

  return {
    update(value, newTotal) {
      if (finished) return;
      done = value;
      if (newTotal !== undefined) total = newTotal;
      if (!draws) return;
      const at = now();
      // The last update (done === total) is always drawn, so the bar never stops short of 100%.
      if (at - lastDrawAt >= minInterval || (total !== undefined && done >= total)) draw(at);
    },
    finish(summary) {
      if (finished) return;
      finished = true;
      if (drawn) stream.write(CLEAR_LINE);
      if (summary !== undefined && options.quiet !== true) stream.write(`${summary}\n`);
    },
  };
}

export interface ProgressLineInput {
  label: string;
  unit: 'bytes' | 'items';
  itemName?: string;
  done: number;
  total?: number | undefined;
  elapsedMs: number;
}

/** `label [#########---------------]  37%  12.4 MB/s  ETA 0:42  4.6 MB / 12.5 MB` (pure, for tests). */
export function formatProgressLine(p: ProgressLineInput): string {
  const amount = (n: number) => (p.unit === 'bytes' ? bytes(n) : int(n));
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.done / seconds : undefined;
  const rateText =
    rate === undefined
      ? '-'
      : p.unit === 'bytes'
        ? `${bytes(rate)}/s`
        : `${rate < 10 ? rate.toFixed(1) : int(rate)} ${p.itemName ?? 'items'}/s`;
  if (p.total === undefined || p.total <= 0) {
    return `${p.label}  ${amount(p.done)}  ${rateText}`;
  }
  const ratio = Math.min(1, Math.max(0, p.done / p.total));
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  const eta =
    rate !== undefined && rate > 0 && p.done < p.total ? formatDuration((p.total - p.done) / rate) : '-';
  return `${p.label} ${bar} ${percent}  ${rateText}  ETA ${eta}  ${amount(p.done)} / ${amount(p.total)}`;
}

/** `m:ss`, or `h:mm:ss` from an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
