import { createHash } from 'node:crypto';
import builtInFile from '../data/prices.json' with { type: 'json' };
import type { PriceEntry } from '../types.js';
import type { CompiledEntry } from './compile-entry.js';
import { matchModel, type PriceMatch } from './match-model.js';
import { buildTable, compileEntries, type PriceTable } from './price-table.js';

/** Version of the built-in table: the date its prices were last checked. */
export const PRICING_VERSION: string = builtInFile.version;

// Compiled on the first lookup, not at import: validating and indexing the built-in rows takes 8-26 ms, which
// every `--import @llmcost/otel/register` would otherwise pay at start-up before the app made a single call.
let builtIn: readonly CompiledEntry[] | undefined;
function builtInEntries(): readonly CompiledEntry[] {
  builtIn ??= compileEntries(builtInFile.entries as unknown[], 'built-in table', 'built-in');
  return builtIn;
}

interface Overrides {
  entries: CompiledEntry[];
  azureDeployments: Map<string, string>;
  /** `providerByHost` of the loaded files: host -> gen_ai.provider.name for OpenAI-compatible base URLs. */
  providerByHost: Map<string, string>;
  digests: string[];
}

const NONE: Overrides = { entries: [], azureDeployments: new Map(), providerByHost: new Map(), digests: [] };
let overrides: Overrides = NONE;
let table: PriceTable | undefined;
/** Model lookups are pure for a given table, and the same few models repeat: remember them, by provider then
 * model (no key string to build per call). Bounded; emptied with the table it describes. */
let memo = new Map<string | undefined, Map<string, PriceMatch | null>>();
let memoSize = 0;
const MEMO_LIMIT = 10_000;

function rebuild(): void {
  const version =
    overrides.digests.length === 0
      ? PRICING_VERSION
      : `${PRICING_VERSION}+custom.${createHash('sha256').update(overrides.digests.join('\n')).digest('hex').slice(0, 8)}`;
  table = buildTable(version, builtInEntries(), overrides.entries, overrides.azureDeployments);
  memo = new Map();
  memoSize = 0;
}

export function currentTable(): PriceTable {
  if (table === undefined) rebuild();
  return table as PriceTable;
}

/** Cached `matchModel` on the current table. */
export function match(model: string, provider?: string): PriceMatch | undefined {
  let byModel = memo.get(provider);
  const hit = byModel?.get(model);
  if (hit !== undefined) return hit ?? undefined;
  const found = matchModel(currentTable(), model, provider);
  if (memoSize >= MEMO_LIMIT) {
    memo = new Map();
    memoSize = 0;
    byModel = undefined;
  }
  if (byModel === undefined) {
    byModel = new Map();
    memo.set(provider, byModel);
  }
  byModel.set(model, found ?? null);
  memoSize++;
  return found;
}

/** Puts a compiled file over the current table (later files win over earlier ones and over the built-in rows). */
export function applyOverrides(
  entries: CompiledEntry[],
  azureDeployments: Map<string, string>,
  digest: string,
  providerByHost: Map<string, string> = new Map(),
): void {
  const replaced = new Set(entries.map((e) => `${e.entry.provider}\u0000${e.entry.model}`));
  overrides = {
    entries: [
      ...entries,
      ...overrides.entries.filter((e) => !replaced.has(`${e.entry.provider}\u0000${e.entry.model}`)),
    ],
    azureDeployments: new Map([...overrides.azureDeployments, ...azureDeployments]),
    providerByHost: new Map([...overrides.providerByHost, ...providerByHost]),
    digests: [...overrides.digests, digest],
  };
  rebuild();
}

/** Back to the built-in table (tests). */
export function resetPricing(): void {
  overrides = NONE;
  rebuild();
}

/** The built-in version, plus `+custom.<hash>` while override files are loaded. */
export function getPricingVersion(): string {
  return currentTable().version;
}

/** Every row of the current table (overrides first), as written in the files: rates in USD per 1M tokens. */
export function listPrices(): readonly Readonly<PriceEntry>[] {
  return currentTable().entries.map((e) => e.entry);
}

/** The `providerByHost` mapping of the loaded pricing files (later files win). */
export function fileProviderByHost(): ReadonlyMap<string, string> {
  return overrides.providerByHost;
}
