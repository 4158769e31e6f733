import { PricingFileError } from '../table/pricing-file-error.js';
import { isProviderName, normaliseHostKey } from './provider-by-host.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a pricing file's `providerByHost` object: host (`host`, `host:port`, `*.domain`) -> provider name. */
export function readProviderByHost(file: string, value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined) return out;
  if (!isObject(value)) {
    throw new PricingFileError(
      file,
      undefined,
      'providerByHost',
      `must map a host to a gen_ai.provider.name, e.g. {"llm.internal.example.com": "openai", "localhost:8000": "vllm"} (got ${JSON.stringify(value)})`,
    );
  }
  for (const [host, provider] of Object.entries(value)) {
    const key = normaliseHostKey(host);
    if (key === undefined) {
      throw new PricingFileError(
        file,
        undefined,
        `providerByHost.${host}`,
        'is not a host, host:port or *.domain; write it as in the baseURL, without scheme or path',
      );
    }
    if (typeof provider !== 'string' || !isProviderName(provider.trim())) {
      throw new PricingFileError(
        file,
        undefined,
        `providerByHost.${host}`,
        `must be a gen_ai.provider.name such as "groq" or "vllm" (got ${JSON.stringify(provider)})`,
      );
    }
    out.set(key, provider.trim());
  }
  return out;
}
