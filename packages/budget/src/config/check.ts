import { BudgetConfigError } from '../errors.js';

/** Validation helpers: each failure is one line `<source>: <key> <problem> (got <value>)`. */
export class ConfigChecker {
  constructor(readonly source: string) {}

  fail(key: string, problem: string, value?: unknown): never {
    const got = value === undefined ? '' : ` (got ${show(value)})`;
    throw new BudgetConfigError(`${this.source}: ${key} ${problem}${got}`);
  }

  object(value: unknown, key: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(key, 'must be a mapping of keys to values', value);
    }
    return value as Record<string, unknown>;
  }

  /** Unknown keys are errors: a typo must not silently disable a cap. */
  keys(obj: Record<string, unknown>, key: string, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (allowed.includes(k)) continue;
      const path = key ? `${key}.${k}` : k;
      const near = closest(k, allowed);
      const hint = near ? `did you mean ${key ? `${key}.` : ''}${near}?` : `allowed: ${allowed.join(', ')}`;
      throw new BudgetConfigError(`${this.source}: unknown key ${path} (${hint})`);
    }
  }

  usd(value: unknown, key: string): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      this.fail(key, 'must be a positive number of USD', value);
    }
    return value;
  }

  tokens(value: unknown, key: string): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      this.fail(key, 'must be a positive whole number of tokens', value);
    }
    return value;
  }

  fraction(value: unknown, key: string, max = 1): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
      this.fail(key, `must be a number above 0 and at most ${max} (a fraction: 0.9 means 90%)`, value);
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, key: string, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.fail(key, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
    }
    return value as T;
  }

  string(value: unknown, key: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(key, 'must be a non-empty string', value);
    return value;
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(withoutPassword(value));
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** The allowed key within edit distance 2 (or a third of its length), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** `redis://user:secret@host` -> `redis://user:REDACTED@host`: a message must not carry the store's password. */
function withoutPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]*)@/i, (_all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme}${colon < 0 ? 'REDACTED' : `${userinfo.slice(0, colon)}:REDACTED`}@`;
  });
}
