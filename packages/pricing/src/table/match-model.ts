import type { CompiledEntry } from './compile-entry.js';
import { candidateIds, parseModel } from './model-id.js';
import type { PriceTable } from './price-table.js';
import { type ProviderPolicy, providerPolicy } from './provider-order.js';

export interface PriceMatch {
  entry: CompiledEntry;
  /** The model is an OpenAI fine-tune of `entry` (priced at its fine-tune rates when the row has them). */
  fineTuned: boolean;
}

function choose(list: readonly CompiledEntry[], policy: ProviderPolicy): CompiledEntry | undefined {
  for (const provider of policy.order) {
    const hit = list.find((e) => e.entry.provider === provider);
    if (hit) return hit;
  }
  if (policy.strict) return undefined;
  // Any vendor's row rather than none (a model called through a generic provider name), but never a host's own
  // price for open weights: that is the host's price, not the model's.
  return list.find((e) => !providerPolicy(e.entry.provider).strict);
}

function lookup(table: PriceTable, id: string, policy: ProviderPolicy): CompiledEntry | undefined {
  const candidates = candidateIds(id);
  for (const c of candidates) {
    const list = table.byId.get(c);
    const hit = list && choose(list, policy);
    if (hit) return hit;
  }
  for (const { prefix } of table.prefixes) {
    if (!candidates.some((c) => c.startsWith(prefix))) continue;
    const list = table.prefixes.filter((p) => p.prefix === prefix).map((p) => p.entry);
    const hit = choose(list, policy);
    if (hit) return hit;
  }
  return undefined;
}

/** A `"model": "*"` row prices any other model of its own provider (a local server's configured rate). */
function wildcard(table: PriceTable, provider: string | undefined): CompiledEntry | undefined {
  if (provider === undefined) return undefined;
  return table.byId.get('*')?.find((e) => e.entry.provider === provider);
}

/**
 * Resolves a model name as a provider reports it to one row of the table:
 * 1. Azure OpenAI deployment names through the file's `azureDeployments` (provider `azure.ai.openai`);
 * 2. router / resource prefixes (`openai/`, `models/`, Bedrock `us.anthropic.`, Bedrock ARNs) removed, noting
 *    the provider;
 * 3. the exact id or an alias, then with snapshot / version suffixes removed one at a time;
 * 4. explicit row prefixes, longest first;
 * 5. a `"model": "*"` row of the call's provider;
 * among rows claiming the same id, the requested provider's (or its reseller fallbacks') wins; a strict
 * provider (a host of open-weight models, a local server) is priced by its own rows only.
 */
export function matchModel(table: PriceTable, model: string, provider?: string): PriceMatch | undefined {
  let name = model;
  if (provider === 'azure.ai.openai') name = table.azureDeployments.get(model.trim().toLowerCase()) ?? model;
  const parsed = parseModel(name);
  const own = providerPolicy(provider);
  let policy: ProviderPolicy = own.strict
    ? own
    : {
        order: [...new Set([...own.order, ...providerPolicy(parsed.providerHint).order])],
        strict: false,
      };
  // A global Bedrock profile is billed at the vendor's list price; Bedrock's own rows hold the regional price.
  if (parsed.bedrockScope === 'global') {
    policy = { ...policy, order: [...policy.order.filter((p) => p !== 'aws.bedrock'), 'aws.bedrock'] };
  }
  if (parsed.fineTuneBase !== undefined) {
    const base = lookup(table, parseModel(parsed.fineTuneBase).id, policy);
    return base ? { entry: base, fineTuned: true } : undefined;
  }
  const entry = lookup(table, parsed.id, policy) ?? wildcard(table, provider);
  return entry ? { entry, fineTuned: false } : undefined;
}
