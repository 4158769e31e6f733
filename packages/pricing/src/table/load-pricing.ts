import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readProviderByHost } from '../hosts/read-provider-by-host.js';
import { fromLiteLLM, isLiteLLMFormat } from './litellm-format.js';
import { parseModel } from './model-id.js';
import { compileEntries, readAzureDeployments } from './price-table.js';
import { PricingFileError } from './pricing-file-error.js';
import { applyOverrides, getPricingVersion as currentVersion } from './pricing-state.js';

export interface LoadPricingResult {
  format: 'llmcost' | 'litellm';
  /** Rows taken from the file. */
  entries: number;
  /** Azure deployment names mapped. */
  azureDeployments: number;
  /** Hosts mapped to a provider (`providerByHost`). */
  providerByHost: number;
  /** `getPricingVersion()` after the load. */
  version: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const today = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Merges a price file over the current table (the built-in one, plus files loaded before). Two formats,
 * told apart by shape: ours (`{"version"?, "entries": [...], "azureDeployments"?}`, rates in USD per 1M tokens)
 * and LiteLLM's `model_prices_and_context_window.json` (USD per token). All or nothing: a bad file throws a
 * `PricingFileError` whose one-line message names the file, the entry, the field and the fix, and the table
 * is left as it was.
 */
export function loadPricing(file: string): LoadPricingResult {
  let text: string;
  let mtime: Date;
  try {
    text = readFileSync(file, 'utf8');
    mtime = statSync(file).mtime;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new PricingFileError(file, undefined, undefined, `cannot be read (${code}); check the path`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new PricingFileError(
      file,
      undefined,
      undefined,
      `is not valid JSON (${(err as Error).message}); fix the syntax`,
    );
  }
  return loadPricingData(data, file, {
    asOf: today(mtime),
    digest: createHash('sha256').update(text).digest('hex'),
  });
}

/** `loadPricing` for data already parsed (the CLI, tests). `name` stands for the file in messages. */
export function loadPricingData(
  data: unknown,
  name = 'inline data',
  meta: { asOf?: string; digest?: string } = {},
): LoadPricingResult {
  const asOf = meta.asOf ?? today(new Date());
  const digest =
    meta.digest ??
    createHash('sha256')
      .update(JSON.stringify(data) ?? '')
      .digest('hex');
  if (isLiteLLMFormat(data)) {
    const record = data as Record<string, unknown>;
    const azure = readAzureDeployments(name, record.azureDeployments);
    const hosts = readProviderByHost(name, record.providerByHost);
    const seen = new Set<string>();
    // LiteLLM lists regional Bedrock ids (us., eu., ...) as separate keys of one model: keep the first.
    const rows = fromLiteLLM(record, name, asOf).filter((r) => {
      const row = r as { provider: string; model: string };
      const key = `${row.provider}\u0000${parseModel(row.model).id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const compiled = compileEntries(rows, name, 'override', { asOf });
    applyOverrides(compiled, azure, digest, hosts);
    return {
      format: 'litellm',
      entries: compiled.length,
      azureDeployments: azure.size,
      providerByHost: hosts.size,
      version: currentVersion(),
    };
  }
  if (!isObject(data) || !Array.isArray(data.entries)) {
    throw new PricingFileError(
      name,
      undefined,
      undefined,
      'is neither an llmcost price table ({"entries": [...]}) nor a LiteLLM model_prices_and_context_window.json map; see the @llmcost/pricing README for both formats',
    );
  }
  for (const key of Object.keys(data)) {
    if (!['version', 'entries', 'azureDeployments', 'providerByHost', '$schema'].includes(key)) {
      throw new PricingFileError(
        name,
        undefined,
        key,
        'is not a known top-level field; use version, entries, azureDeployments, providerByHost',
      );
    }
  }
  if (data.version !== undefined && typeof data.version !== 'string') {
    throw new PricingFileError(
      name,
      undefined,
      'version',
      `must be a string (got ${JSON.stringify(data.version)})`,
    );
  }
  const azure = readAzureDeployments(name, data.azureDeployments);
  const hosts = readProviderByHost(name, data.providerByHost);
  const compiled = compileEntries(data.entries, name, 'override', { asOf, source: `file ${name}` });
  applyOverrides(compiled, azure, digest, hosts);
  return {
    format: 'llmcost',
    entries: compiled.length,
    azureDeployments: azure.size,
    providerByHost: hosts.size,
    version: currentVersion(),
  };
}
