import { parseProviderByHost } from '@llmcost/pricing';
import { redactUrl } from '../privacy/redact-url.js';
import { ConfigError } from './errors.js';

/** The environment as read once at start-up. Never written to. */
export type Env = Readonly<Record<string, string | undefined>>;

function present(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const value = raw.trim();
  return value === '' ? undefined : value;
}

function invalid(name: string, raw: string, expected: string): ConfigError {
  return new ConfigError(`llmcost: ${name}="${shownValue(name, raw)}" ${expected}`, 'env', name);
}

/**
 * A variable's value as an error message may show it: messages end up in logs, so header values (bearer tokens),
 * keys, and the credentials in URLs (password, sensitive query parameters) are replaced.
 */
export function shownValue(name: string, raw: string): string {
  if (/HEADERS$/.test(name)) {
    return raw
      .split(',')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq < 0 ? pair : `${pair.slice(0, eq)}=REDACTED`;
      })
      .join(',');
  }
  if (/(KEY|SECRET|TOKEN|PASSWORD|HASH)$/.test(name)) return 'REDACTED';
  return redactUrl(raw);
}

export function readString(env: Env, name: string): string | undefined {
  return present(env, name);
}

/** One of `allowed` (case-insensitive, per the OTel spec for enum values). */
export function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const value = present(env, name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  const match = allowed.find((a) => a === lower);
  if (match === undefined) throw invalid(name, value, `is not one of ${allowed.join(', ')}`);
  return match;
}

/** A comma-separated list of values from `allowed`; `none` may only appear alone. */
export function readEnumList<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
): T[] | undefined {
  const value = present(env, name);
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim().toLowerCase());
  const out: T[] = [];
  for (const item of items) {
    const match = allowed.find((a) => a === item);
    if (match === undefined) {
      throw invalid(name, value, `is not a comma-separated list of ${allowed.join(', ')}`);
    }
    if (!out.includes(match)) out.push(match);
  }
  if (out.length > 1 && out.includes('none' as T)) {
    throw invalid(name, value, `mixes none with other exporters; use none alone or a list of the others`);
  }
  return out;
}

/** `true` or `false` (case-insensitive). The OTel spec treats anything else as false; we refuse it instead,
 * so a typo such as `ture` is not silently ignored. */
export function readBoolean(env: Env, name: string): boolean | undefined {
  const value = present(env, name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw invalid(name, value, 'is not one of true, false');
}

/** A whole number within [min, max]. */
export function readInteger(env: Env, name: string, min: number, max: number): number | undefined {
  const value = present(env, name);
  if (value === undefined) return undefined;
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw invalid(name, value, `is not a whole number from ${min} to ${max}`);
  }
  return n;
}

/** W3C-style `key=value,key2=value2` (OTEL_EXPORTER_OTLP_HEADERS), values percent-decoded. */
export function readHeaders(env: Env, name: string): Record<string, string> | undefined {
  const value = present(env, name);
  if (value === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const pair of value.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (key === '') throw invalid(name, value, 'is not a list of key=value pairs separated by commas');
    try {
      headers[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      throw invalid(name, value, 'has a value that is not valid percent-encoding');
    }
  }
  return headers;
}

/** An absolute http(s) URL. */
export function readUrl(env: Env, name: string): string | undefined {
  const value = present(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(name, value, 'is not an absolute URL such as http://localhost:4318');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(name, value, 'is not an http:// or https:// URL');
  }
  return value;
}

/** A Redis URL (redis:// or rediss://). */
export function readRedisUrl(env: Env, name: string): string | undefined {
  const value = present(env, name);
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.host === '') {
    throw invalid(name, value, 'is not a redis:// or rediss:// URL');
  }
  return value;
}

/** `host=provider,host:port=provider,*.domain=provider` (LLMCOST_PROVIDER_BY_HOST). */
export function readProviderByHost(env: Env, name: string): Record<string, string> | undefined {
  const value = present(env, name);
  if (value === undefined) return undefined;
  const parsed = parseProviderByHost(value);
  if ('error' in parsed) throw invalid(name, value, parsed.error);
  return Object.fromEntries(parsed.map);
}

/** A secret (an HMAC key): set and blank is an error, never "no key", which would silently mean no protection. */
export function readSecret(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  if (raw.trim() === '') {
    throw new ConfigError(
      `llmcost: ${name} is set but empty; set it to a secret key, or unset it to record ids as they are`,
      'fatal',
      name,
    );
  }
  return raw;
}

/** A comma-separated list of non-empty strings, each checked by `valid` (which returns a problem or undefined). */
export function readList(
  env: Env,
  name: string,
  valid: (item: string) => string | undefined,
  kind: 'env' | 'fatal' = 'env',
): string[] | undefined {
  const value = present(env, name);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items) {
    const problem = valid(item);
    if (problem !== undefined) {
      throw new ConfigError(`llmcost: ${name}="${shownValue(name, value)}": ${problem}`, kind, name);
    }
  }
  return items;
}
