import { fileProviderByHost } from '../table/pricing-state.js';
import { isProviderName, normaliseHostKey, providerForHost } from './provider-by-host.js';

const MAX_CACHED = 64;

/**
 * The provider of an OpenAI-compatible client from its `baseURL`: `overrides` (LLMCOST_PROVIDER_BY_HOST) first,
 * then the loaded pricing files' `providerByHost`, then the known hosts. A process talks to a handful of base
 * URLs: each is resolved once, again only after a pricing file changes the mapping.
 */
export function createProviderResolver(
  overrides: ReadonlyMap<string, string> = new Map(),
): (baseURL: unknown) => string | undefined {
  let fileMap = fileProviderByHost();
  let cache = new Map<string, string | null>();
  return (baseURL) => {
    if (typeof baseURL !== 'string') return undefined;
    const current = fileProviderByHost();
    if (current !== fileMap) {
      fileMap = current;
      cache = new Map();
    }
    const hit = cache.get(baseURL);
    if (hit !== undefined) return hit ?? undefined;
    const found = providerForHost(baseURL, overrides, current);
    if (cache.size < MAX_CACHED) cache.set(baseURL, found ?? null);
    return found;
  };
}

/**
 * Parses `host=provider,host:port=provider,*.domain=provider` (LLMCOST_PROVIDER_BY_HOST). Returns the map, or
 * the problem in a few words for the caller's one-line error.
 */
export function parseProviderByHost(text: string): { map: Map<string, string> } | { error: string } {
  const map = new Map<string, string>();
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.lastIndexOf('=');
    const host = eq > 0 ? normaliseHostKey(pair.slice(0, eq)) : undefined;
    const provider = eq > 0 ? pair.slice(eq + 1).trim() : '';
    if (host === undefined) {
      return {
        error: `has "${pair.trim()}", which is not host=provider (host, host:port or *.domain, no scheme or path)`,
      };
    }
    if (!isProviderName(provider)) {
      return {
        error: `maps ${host} to "${provider}", which is not a gen_ai.provider.name such as groq, vllm or openai`,
      };
    }
    map.set(host, provider);
  }
  return { map };
}
