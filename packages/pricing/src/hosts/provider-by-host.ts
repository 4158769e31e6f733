import {
  KNOWN_HOST_PATTERNS,
  KNOWN_HOSTS,
  LOCAL_PORTS_ANY_HOST,
  LOCAL_PORTS_LOOPBACK,
} from './known-hosts.js';

/** A `gen_ai.provider.name` value: lower case letters, digits, `_`, `.` and `-` (`x_ai`, `aws.bedrock`). */
const PROVIDER_NAME = /^[a-z][a-z0-9_.-]*$/;
/** `host`, `host:port` or `*.domain` (a suffix), lower case. */
const HOST_KEY = /^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/;

export function isProviderName(value: string): boolean {
  return PROVIDER_NAME.test(value);
}

/** The normalised key of a host override (`API.Example.com` -> `api.example.com`), or undefined if malformed. */
export function normaliseHostKey(key: string): string | undefined {
  const k = key.trim().toLowerCase();
  return HOST_KEY.test(k) ? k : undefined;
}

interface Endpoint {
  host: string;
  /** Explicit port only (`''` when the URL has the scheme's default port). */
  port: string;
}

function endpoint(baseURL: string): Endpoint | undefined {
  try {
    const url = new URL(baseURL);
    return { host: url.hostname.toLowerCase(), port: url.port };
  } catch {
    return undefined;
  }
}

function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    host === '0.0.0.0' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

function fromOverrides(e: Endpoint, overrides: ReadonlyMap<string, string>): string | undefined {
  if (overrides.size === 0) return undefined;
  const exact = (e.port && overrides.get(`${e.host}:${e.port}`)) || overrides.get(e.host);
  if (exact) return exact;
  let best: { length: number; provider: string } | undefined;
  for (const [key, provider] of overrides) {
    if (!key.startsWith('*.')) continue;
    const suffix = key.slice(1);
    if (e.host.endsWith(suffix) && (!best || suffix.length > best.length)) {
      best = { length: suffix.length, provider };
    }
  }
  return best?.provider;
}

function fromKnown(e: Endpoint): string | undefined {
  const exact = KNOWN_HOSTS[e.host];
  if (exact) return exact;
  for (const [pattern, provider] of KNOWN_HOST_PATTERNS) if (pattern.test(e.host)) return provider;
  if (e.port) {
    const local =
      LOCAL_PORTS_ANY_HOST[e.port] ?? (isLoopback(e.host) ? LOCAL_PORTS_LOOPBACK[e.port] : undefined);
    if (local) return local;
  }
  return undefined;
}

/**
 * The provider behind an OpenAI-compatible `baseURL`: the override maps first, in order (`host:port`, then `host`, then the
 * longest `*.suffix`), then the known hosts and local-server ports. `undefined` for a host we do not know: the
 * caller keeps the SDK's own provider (`openai`). Pure.
 */
export function providerForHost(
  baseURL: unknown,
  ...overrides: ReadonlyArray<ReadonlyMap<string, string>>
): string | undefined {
  if (typeof baseURL !== 'string' || baseURL === '') return undefined;
  const e = endpoint(baseURL);
  if (!e) return undefined;
  for (const map of overrides) {
    const hit = fromOverrides(e, map);
    if (hit) return hit;
  }
  return fromKnown(e);
}
