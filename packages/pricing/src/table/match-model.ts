import type { CompiledEntry } from './compile-entry.js';
import { candidateIds, parseModel, providerOrder } from './model-id.js';
import type { PriceTable } from './price-table.js';

export interface PriceMatch {
  entry: CompiledEntry;
  /** The model is an OpenAI fine-tune of `entry` (priced at its fine-tune rates when the row has them). */
  fineTuned: boolean;
}

function choose(list: readonly CompiledEntry[], order: readonly string[]): CompiledEntry {
  for (const provider of order) {
    const hit = list.find((e) => e.entry.provider === provider);
    if (hit) return hit;
  }
  return list[0]!;
}

function lookup(table: PriceTable, id: string, order: readonly string[]): CompiledEntry | undefined {
  const candidates = candidateIds(id);
  for (const c of candidates) {
    const list = table.byId.get(c);
    if (list) return choose(list, order);
  }
  for (const { prefix } of table.prefixes) {
    if (!candidates.some((c) => c.startsWith(prefix))) continue;
    const list = table.prefixes.filter((p) => p.prefix === prefix).map((p) => p.entry);
    return choose(list, order);
  }
  return undefined;
}

/**
 * Resolves a model name as a provider reports it to one row of the table:
 * 1. Azure OpenAI deployment names through the file's `azureDeployments` (provider `azure.ai.openai`);
 * 2. router / resource prefixes (`openai/`, `models/`, Bedrock `us.anthropic.`) removed, noting the provider;
 * 3. the exact id or an alias, then with snapshot / version suffixes removed one at a time;
 * 4. explicit row prefixes, longest first;
 * among rows claiming the same id, the requested provider's (or its reseller fallbacks') wins.
 */
export function matchModel(table: PriceTable, model: string, provider?: string): PriceMatch | undefined {
  let name = model;
  if (provider === 'azure.ai.openai') name = table.azureDeployments.get(model.trim().toLowerCase()) ?? model;
  const parsed = parseModel(name);
  const order = [...new Set([...providerOrder(provider), ...providerOrder(parsed.providerHint)])];
  if (parsed.fineTuneBase !== undefined) {
    const base = lookup(table, parseModel(parsed.fineTuneBase).id, order);
    return base ? { entry: base, fineTuned: true } : undefined;
  }
  const entry = lookup(table, parsed.id, order);
  return entry ? { entry, fineTuned: false } : undefined;
}
