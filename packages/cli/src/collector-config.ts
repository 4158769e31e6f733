// Generates the collector's cost transform (collector/cost-transform.yaml) from the price table, so spans from
// services we did not instrument (Python, Go, other Node libraries emitting GenAI semconv usage) get
// `gen_ai.usage.cost` in the collector. Pure: the output depends only on the current price table.
// OTTL reference: https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/pkg/ottl
import {
  findPrice,
  GENAI_SPAN_KEYS,
  getPricingVersion,
  INPUT_EXCLUDES_CACHE_SCOPES,
  listPrices,
  OWN_ROWS_ONLY,
  type PriceEntry,
  providerPolicy,
  type TokenRates,
} from '@llmcost/pricing';
import { stringify } from 'yaml';

export const COST_TRANSFORM_PROCESSOR = 'transform/llmcost-cost';

const COST = 'attributes["gen_ai.usage.cost"]';
/** The span's input tokens, staged from whichever name GENAI_SPAN_KEYS finds first. */
const INPUT_TOKENS = 'cache["input_tokens"]';

// Regexes avoid backslashes: OTTL unescapes string literals, YAML might too; [0-9] and [.] need neither.
// Router / resource prefixes (`openai/gpt-4o`, `models/...`) and Bedrock ids (`us.anthropic.claude-...`).
const VENDOR = '(?:(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|writer|qwen)[.])?';
const ID_PREFIX = `(?:.*/)?(?:(?:us|us-gov|eu|apac|ap|jp|au|ca|global)[.])?${VENDOR}`;
// A Bedrock row that holds the regional price of a vendor's model: the `global.` profile is the vendor's row.
const ID_PREFIX_REGIONAL = `(?:.*/)?(?:(?:us|us-gov|eu|apac|ap|jp|au|ca)[.])?${VENDOR}`;
// Snapshot and version suffixes, as @llmcost/pricing strips them (table/model-id.ts).
const VERSION_SUFFIX =
  '(?::[0-9]+k|:[0-9]+|-v[0-9]+|@default|@[0-9]{3}|@[0-9]{8}|@latest|-[0-9]{4}-[0-9]{2}-[0-9]{2}|-[0-9]{8}|-latest' +
  '|-preview-[0-9]{2}-[0-9]{4}|-preview-[0-9]{2}-[0-9]{2}|-[0-9]{4}|-[0-9]{3})*';
const PROVIDER = 'cache["provider"]';

const literalRe = (id: string) => id.toLowerCase().replace(/[.+*?^$()[\]{}|]/g, (c) => `[${c}]`);
const num = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));
const str = (s: string) => JSON.stringify(s);

/** USD for the tokens staged in the span's cache; defaults as in the price table (cache rates = input rate). */
function costExpr(r: TokenRates): string {
  const cacheRead = r.cacheRead ?? r.input;
  const cacheWrite = r.cacheWrite ?? r.input;
  return (
    `(cache["input"] * ${num(r.input)} + cache["cache_read"] * ${num(cacheRead)}` +
    ` + cache["cache_creation"] * ${num(cacheWrite)} + cache["output"] * ${num(r.output)}) / 1000000.0`
  );
}

/** The cache key of a row: its model id, with the provider when several rows share the id. */
function priceKeys(entries: readonly Readonly<PriceEntry>[]): Map<Readonly<PriceEntry>, string> {
  const count = new Map<string, number>();
  for (const e of entries) count.set(e.model, (count.get(e.model) ?? 0) + 1);
  return new Map(
    entries.map((e) => [e, (count.get(e.model) ?? 0) > 1 ? `${e.model} (${e.provider})` : e.model]),
  );
}

/**
 * Providers priced by their own rows only (hosts of open-weight models, local servers) are matched by provider;
 * so are rows whose id another provider's row also claims. Vendor rows match any other span, except those of
 * providers that must never get a vendor's price (local servers and open-weight hosts).
 */
function matchStatements(
  entries: readonly Readonly<PriceEntry>[],
  keys: Map<Readonly<PriceEntry>, string>,
): string[] {
  const count = new Map<string, number>();
  for (const e of entries) count.set(e.model, (count.get(e.model) ?? 0) + 1);
  const guarded = (e: PriceEntry) => providerPolicy(e.provider).strict || (count.get(e.model) ?? 0) > 1;
  const notOwnRowsOnly = ` and not IsMatch(${PROVIDER}, ${str(`^(?:${[...OWN_ROWS_ONLY].map(literalRe).join('|')})$`)})`;
  const providerGuard = (e: PriceEntry) =>
    guarded(e) ? ` and ${PROVIDER} == ${str(e.provider)}` : notOwnRowsOnly;
  const prefixOf = (e: PriceEntry) =>
    e.provider === 'aws.bedrock' && findPrice(`global.${e.model}`, { provider: e.provider }) !== e
      ? ID_PREFIX_REGIONAL
      : ID_PREFIX;
  const guard = 'cache["input"] != nil and cache["price"] == nil';
  const set = (e: PriceEntry, re: string) =>
    `set(cache["price"], ${str(keys.get(e)!)}) where ${guard}${providerGuard(e)} and IsMatch(cache["model"], ${str(re)})`;
  // Provider-specific rows first; then longest ids first, so a snapshot with its own row (gpt-4o-2024-05-13)
  // wins over its family (gpt-4o).
  const exact = [...entries]
    .sort(
      (a, b) =>
        Number(guarded(b)) - Number(guarded(a)) ||
        b.model.length - a.model.length ||
        a.model.localeCompare(b.model),
    )
    .map((e) => {
      const names = [e.model, ...(e.aliases ?? [])].map(literalRe).join('|');
      return set(e, `(?i)^${prefixOf(e)}(?:${names})${VERSION_SUFFIX}$`);
    });
  const prefixes = entries
    .flatMap((e) => (e.prefixes ?? []).map((p) => ({ e, p })))
    .sort((a, b) => b.p.length - a.p.length || a.p.localeCompare(b.p))
    .map(({ e, p }) => set(e, `(?i)^${ID_PREFIX}${literalRe(p)}.*$`));
  return [...exact, ...prefixes];
}

function costStatements(
  entries: readonly Readonly<PriceEntry>[],
  keys: Map<Readonly<PriceEntry>, string>,
): string[] {
  return [...entries]
    .sort((a, b) => keys.get(a)!.localeCompare(keys.get(b)!))
    .flatMap((e) => {
      const picked = `cache["price"] == ${str(keys.get(e)!)}`;
      // Long-context tiers bill the whole request at the tier's rates; the highest tier exceeded wins.
      const tiers = [...(e.longContext ?? [])]
        .sort((a, b) => b.aboveInputTokens - a.aboveInputTokens)
        .map(
          (t) =>
            `set(${COST}, ${costExpr(t)}) where ${picked} and ${COST} == nil and ${INPUT_TOKENS} > ${t.aboveInputTokens}`,
        );
      return [...tiers, `set(${COST}, ${costExpr(e)}) where ${picked} and ${COST} == nil`];
    });
}

const attr = (key: string) => `attributes[${JSON.stringify(key)}]`;

/**
 * Stages a field in the span's cache from the names GENAI_SPAN_KEYS lists for it (the list CostSpanProcessor and
 * `llmcost report` read by), least authoritative first, so the best name the span carries is set last.
 */
function stage(cacheKey: string, keys: readonly string[], where: string, wrap = (v: string) => v): string[] {
  return [...keys]
    .reverse()
    .map(
      (k) => `set(cache[${JSON.stringify(cacheKey)}], ${wrap(attr(k))}) where ${where} and ${attr(k)} != nil`,
    );
}

/** The OTTL statements, in order. Exported for the tests that parse them. */
export function costTransformStatements(): string[] {
  const entries = listPrices();
  const keys = priceKeys(entries);
  const missing = `${COST} == nil`;
  const K = GENAI_SPAN_KEYS;
  const double = (v: string) => `Double(${v})`;
  const tokens = `${missing} and cache["model"] != nil and (${INPUT_TOKENS} != nil or cache["output_tokens"] != nil)`;
  const usage = `${missing} and cache["model"] != nil and ${INPUT_TOKENS} != nil and cache["output_tokens"] != nil`;
  const scopes = [...INPUT_EXCLUDES_CACHE_SCOPES].map((s) => `instrumentation_scope.name == ${str(s)}`);
  return [
    // Stage the span's model, provider and usage in the per-span cache: the response model (the snapshot that
    // ran) over the request model; a missing input or output count is 0, as CostSpanProcessor counts it.
    ...stage('model', [...K.responseModel, ...K.requestModel], missing),
    ...stage('provider', K.provider, missing),
    ...stage('input_tokens', K.inputTokens, missing, double),
    ...stage('output_tokens', K.outputTokens, missing, double),
    `set(${INPUT_TOKENS}, 0.0) where ${tokens} and ${INPUT_TOKENS} == nil`,
    `set(cache["output_tokens"], 0.0) where ${tokens} and cache["output_tokens"] == nil`,
    `set(cache["cache_read"], 0.0) where ${usage}`,
    ...stage('cache_read', K.cacheReadInputTokens, usage, double),
    `set(cache["cache_creation"], 0.0) where ${usage}`,
    ...stage('cache_creation', K.cacheCreationInputTokens, usage, double),
    // Scopes whose input count leaves cached input out (INPUT_EXCLUDES_CACHE_SCOPES): add it back.
    ...scopes.map(
      (scope) =>
        `set(${INPUT_TOKENS}, ${INPUT_TOKENS} + cache["cache_read"] + cache["cache_creation"]) where ${usage} and ${scope}`,
    ),
    // Cached input is billed at its own rates and is part of the input count (semconv), so it is taken out of
    // the full-rate input.
    `set(cache["input"], ${INPUT_TOKENS} - cache["cache_read"] - cache["cache_creation"]) where ${usage}`,
    `set(cache["output"], cache["output_tokens"]) where ${usage}`,
    ...matchStatements(entries, keys),
    ...costStatements(entries, keys),
    `set(attributes["llmcost.pricing.status"], "priced") where cache["price"] != nil`,
    `set(attributes["llmcost.pricing.model"], cache["price"]) where cache["price"] != nil`,
    // A key that carries its provider (a model id several providers price) is reported as the model id alone.
    ...entries
      .filter((e) => keys.get(e) !== e.model)
      .map(
        (e) =>
          `set(attributes["llmcost.pricing.model"], ${str(e.model)}) where cache["price"] == ${str(keys.get(e)!)}`,
      ),
    `set(attributes["llmcost.pricing.version"], ${str(getPricingVersion())}) where cache["price"] != nil`,
    // Usage without a known price: say so, never a silent $0.
    `set(attributes["llmcost.pricing.status"], "unpriced") where cache["input"] != nil and cache["price"] == nil`,
  ];
}

/**
 * YAML for `collector/cost-transform.yaml`: a `transform/llmcost-cost` processor that sets
 * `gen_ai.usage.cost` on spans that carry GenAI usage but no cost. Load it next to the main config
 * (`--config otel-collector.yaml --config cost-transform.yaml`) and put the processor in the traces pipeline.
 */
export function generateCostTransform(): string {
  const header = [
    '# GENERATED from the @llmcost/pricing price table: do not edit.',
    '# Regenerate: `llmcost collector-config --out collector/cost-transform.yaml`',
    '#   (in this repository: `npx vitest run collector -u`).',
    `# Price table version ${getPricingVersion()}, ${listPrices().length} models.`,
    '# Sets gen_ai.usage.cost (USD) only where it is missing: spans priced by @llmcost/otel keep their cost.',
    '# Not handled here: batch discounts, service tiers, fine-tunes, Anthropic 1-hour cache writes.',
    '',
  ].join('\n');
  const doc = {
    processors: {
      [COST_TRANSFORM_PROCESSOR]: {
        // A span the statements cannot handle (an unexpected attribute type) is passed on unchanged.
        error_mode: 'ignore',
        trace_statements: [{ context: 'span', statements: costTransformStatements() }],
      },
    },
  };
  return header + stringify(doc, { lineWidth: 0 });
}
