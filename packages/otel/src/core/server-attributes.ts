import type { Attributes } from '@opentelemetry/api';
import { ATTR } from '../recorder/attributes.js';

const DEFAULT_PORT: Record<string, number> = { 'https:': 443, 'http:': 80 };

export interface Server {
  address: string;
  port?: number;
}

// A process talks to a handful of base URLs: parse each once.
const cache = new Map<string, Server | null>();
const MAX_CACHED = 64;

/** Adds `server.address` / `server.port` from a client's baseURL (as @opentelemetry/instrumentation-openai does). */
export function addServerAttributes(baseURL: unknown, attrs: Attributes): Server | undefined {
  if (typeof baseURL !== 'string' || baseURL.length === 0) return undefined;
  let server = cache.get(baseURL);
  if (server === undefined) {
    server = parse(baseURL);
    if (cache.size < MAX_CACHED) cache.set(baseURL, server);
  }
  if (server === null) return undefined;
  attrs[ATTR.serverAddress] = server.address;
  if (server.port !== undefined) attrs[ATTR.serverPort] = server.port;
  return server;
}

function parse(baseURL: string): Server | null {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return null;
  }
  const port = url.port ? Number(url.port) : DEFAULT_PORT[url.protocol];
  return port === undefined ? { address: url.hostname } : { address: url.hostname, port };
}
