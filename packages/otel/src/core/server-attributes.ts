import type { Attributes } from '@opentelemetry/api';
import { ATTR } from '../recorder/attributes.js';

const DEFAULT_PORT: Record<string, number> = { 'https:': 443, 'http:': 80 };
// A process talks to a handful of base URLs: parse each once.
const cache = new Map<string, Attributes>();
const MAX_CACHED = 64;

/** `server.address` / `server.port` from a client's baseURL (as @opentelemetry/instrumentation-openai does). */
export function serverAttributes(baseURL: unknown): Attributes | undefined {
  if (typeof baseURL !== 'string' || baseURL.length === 0) return undefined;
  const hit = cache.get(baseURL);
  if (hit) return hit;
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return undefined;
  }
  const attrs: Attributes = { [ATTR.serverAddress]: url.hostname };
  const port = url.port ? Number(url.port) : DEFAULT_PORT[url.protocol];
  if (port !== undefined) attrs[ATTR.serverPort] = port;
  if (cache.size < MAX_CACHED) cache.set(baseURL, attrs);
  return attrs;
}
