import type { PriceEntry } from '../types.js';
import { type CompiledEntry, compileEntry } from './compile-entry.js';
import { parseModel } from './model-id.js';
import { PricingFileError } from './pricing-file-error.js';

/** A compiled table: entries plus the indexes the matcher uses. Immutable once built. */
export interface PriceTable {
  readonly version: string;
  readonly entries: readonly CompiledEntry[];
  /** Normalised id or alias -> rows that claim it (overrides before built-ins). */
  readonly byId: ReadonlyMap<string, readonly CompiledEntry[]>;
  /** Explicit prefixes, longest first. */
  readonly prefixes: ReadonlyArray<{ prefix: string; entry: CompiledEntry }>;
  readonly azureDeployments: ReadonlyMap<string, string>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The ids a row answers to, normalised the way a looked-up model is. */
export function claimedIds(entry: PriceEntry): string[] {
  return [...new Set([entry.model, ...(entry.aliases ?? [])].map((id) => parseModel(id).id))];
}

/** Validates `azureDeployments` of either file format. */
export function readAzureDeployments(file: string, value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined) return out;
  if (!isObject(value)) {
    throw new PricingFileError(
      file,
      undefined,
      'azureDeployments',
      `must map a deployment name to a model id, e.g. {"prod-gpt4o": "gpt-4o"}`,
    );
  }
  for (const [name, model] of Object.entries(value)) {
    if (typeof model !== 'string' || model.trim() === '') {
      throw new PricingFileError(
        file,
        undefined,
        `azureDeployments.${name}`,
        `must be the model id the deployment serves, e.g. "gpt-4o" (got ${JSON.stringify(model)})`,
      );
    }
    out.set(name.trim().toLowerCase(), model.trim());
  }
  return out;
}

/**
 * Compiles the entries of one file in our format. Rejects two rows that claim the same id for the same
 * provider: which one prices a call would otherwise depend on file order.
 */
export function compileEntries(
  raw: unknown[],
  file: string,
  origin: 'built-in' | 'override',
  defaults: { asOf?: string; source?: string } = {},
): CompiledEntry[] {
  const claimed = new Map<string, string>();
  return raw.map((r, i) => {
    const compiled = compileEntry(r, i, file, origin, defaults);
    for (const id of claimedIds(compiled.entry)) {
      const key = `${compiled.entry.provider}\u0000${id}`;
      const other = claimed.get(key);
      if (other !== undefined) {
        throw new PricingFileError(
          file,
          compiled.entry.model,
          id === parseModel(compiled.entry.model).id ? 'model' : 'aliases',
          `claims ${JSON.stringify(id)} which entry ${JSON.stringify(other)} already claims for provider ${JSON.stringify(compiled.entry.provider)}; keep one of them`,
        );
      }
      claimed.set(key, compiled.entry.model);
    }
    return compiled;
  });
}

/** Builds the indexes. `overrides` replace built-in rows of the same provider and model, and win ties. */
export function buildTable(
  version: string,
  builtIn: readonly CompiledEntry[],
  overrides: readonly CompiledEntry[],
  azureDeployments: ReadonlyMap<string, string>,
): PriceTable {
  const replaced = new Set(overrides.map((o) => `${o.entry.provider}\u0000${o.entry.model}`));
  const entries = [
    ...overrides,
    ...builtIn.filter((b) => !replaced.has(`${b.entry.provider}\u0000${b.entry.model}`)),
  ];
  const byId = new Map<string, CompiledEntry[]>();
  const prefixes: Array<{ prefix: string; entry: CompiledEntry }> = [];
  for (const e of entries) {
    for (const id of claimedIds(e.entry)) {
      const list = byId.get(id);
      if (list) list.push(e);
      else byId.set(id, [e]);
    }
    for (const prefix of e.entry.prefixes ?? []) prefixes.push({ prefix, entry: e });
  }
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  return { version, entries, byId, prefixes, azureDeployments };
}
