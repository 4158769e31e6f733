// What the generated statements would do, checked against @llmcost/pricing itself: the first matching
// regex picks the row the library picks, and the cost expression gives the library's cost.
// (The regexes are RE2; the ones we generate are also valid JavaScript once `(?i)` becomes the `i` flag.)
import { costTransformStatements } from '@llmcost/cli';
import { computeCost, findPrice, GENAI_SPAN_KEYS, listPrices } from '@llmcost/pricing';
import { describe, expect, it } from 'vitest';

const statements = costTransformStatements();

const matchers = statements.flatMap((s) => {
  const m = /^set\(cache\["price"\], "([^"]+)"\) where (.*) IsMatch\(cache\["model"\], "\(\?i\)(.*)"\)$/.exec(
    s,
  );
  if (!m) return [];
  const only = /cache\["provider"\] == "([^"]+)"/.exec(m[2]!)?.[1];
  const not = /not IsMatch\(cache\["provider"\], "([^"]+)"\)/.exec(m[2]!)?.[1];
  const applies = (provider: string | undefined) =>
    (only === undefined || provider === only) &&
    (not === undefined || provider === undefined || !new RegExp(not).test(provider));
  return [{ key: m[1]!, re: new RegExp(m[3]!, 'i'), applies }];
});
/** The row key the collector picks for a span's model and gen_ai.provider.name, as its statements run. */
const pick = (name: string, provider?: string) =>
  matchers.find((m) => m.applies(provider) && m.re.test(name))?.key;

// A row's key in the transform: its model id, with the provider when several rows share the id.
const models = listPrices().map((e) => e.model);
const keyOf = (e: { model: string; provider: string } | undefined) =>
  e && (models.filter((m) => m === e.model).length > 1 ? `${e.model} (${e.provider})` : e.model);

/** Evaluates the generated cost statement(s) of a row for staged token counts, as the collector would. */
function collectorCost(key: string, input: number, output: number, cacheRead: number, cacheCreation: number) {
  const cache: Record<string, number> = {
    input: input - cacheRead - cacheCreation,
    output,
    cache_read: cacheRead,
    cache_creation: cacheCreation,
  };
  for (const s of statements) {
    const m =
      /^set\(attributes\["gen_ai\.usage\.cost"\], (.*)\) where cache\["price"\] == "([^"]+)" and attributes\["gen_ai\.usage\.cost"\] == nil(?: and cache\["input_tokens"\] > (\d+))?$/.exec(
        s,
      );
    if (!m || m[2] !== key) continue;
    if (m[3] !== undefined && !(input > Number(m[3]))) continue;
    const expr = m[1]!.replace(/cache\["(\w+)"\]/g, (_, k: string) => String(cache[k]));
    expect(expr).toMatch(/^[\d.+*/() e-]+$/);
    return Function(`return ${expr}`)() as number;
  }
  return undefined;
}

describe('generated cost transform', () => {
  // Each row's ids as spans of its own provider would carry them.
  const names = listPrices().flatMap((e) =>
    [
      e.model,
      ...(e.aliases ?? []),
      `${e.model}-2025-08-07`,
      `${e.model}-20250514`,
      `openai/${e.model}`,
      e.model.toUpperCase(),
    ].map((name): [string, string] => [name, e.provider]),
  );

  it('has one match statement per row and one cost statement per row and long-context tier', () => {
    const rows = listPrices();
    const prefixCount = rows.reduce((n, e) => n + (e.prefixes?.length ?? 0), 0);
    expect(matchers.length).toBe(rows.length + prefixCount);
    const tiers = rows.reduce((n, e) => n + (e.longContext?.length ?? 0), 0);
    expect(statements.filter((s) => s.startsWith('set(attributes["gen_ai.usage.cost"]')).length).toBe(
      rows.length + tiers,
    );
  });

  it.each(names)('"%s" of %s resolves to the row @llmcost/pricing resolves it to', (name, provider) => {
    expect(pick(name, provider)).toBe(keyOf(findPrice(name, { provider })));
  });

  it('models the table does not know match nothing (and are marked unpriced)', () => {
    for (const name of ['my-own-model', 'gpt-9000-turbo', 'llama-3-70b']) {
      expect(pick(name), name).toBe(keyOf(findPrice(name)));
    }
    expect(statements.at(-1)).toContain('"unpriced"');
  });

  it.each([
    // span model, gen_ai.provider.name, the row @llmcost/pricing picks
    ['gpt-4o-mini', undefined],
    ['claude-sonnet-4-5-20250929', 'anthropic'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws.bedrock'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws.bedrock'],
    ['arn:aws:bedrock:us-east-1:1:inference-profile/eu.anthropic.claude-opus-4-6-v1', 'aws.bedrock'],
    ['us.amazon.nova-pro-v1:0', 'aws.bedrock'],
    ['openai/gpt-oss-120b', 'groq'],
    ['openai/gpt-oss-120b', 'together_ai'],
    ['gpt-4o', 'ollama'],
    ['llama3.2:3b', 'ollama'],
    ['gpt-4o', 'groq'],
  ])('%s of %s: the row @llmcost/pricing picks, or none', (name, provider) => {
    expect(pick(name, provider)).toBe(keyOf(findPrice(name, provider === undefined ? {} : { provider })));
  });

  it('reports the model id alone for a key that carries its provider', () => {
    const shared = listPrices().find((e) => keyOf(e) !== e.model)!;
    expect(statements).toContain(
      `set(attributes["llmcost.pricing.model"], "${shared.model}") where cache["price"] == "${keyOf(shared)}"`,
    );
  });

  it.each(listPrices().map((e): [string, string] => [e.model, e.provider]))(
    '%s (%s): the collector cost equals computeCost',
    (model, provider) => {
      const cases = [
        { inputTokens: 1200, outputTokens: 300 },
        {
          inputTokens: 50_000,
          outputTokens: 800,
          cacheReadInputTokens: 30_000,
          cacheCreationInputTokens: 5_000,
        },
        { inputTokens: 300_000, outputTokens: 2_000, cacheReadInputTokens: 100_000 },
      ];
      for (const u of cases) {
        const expected = computeCost(u, model, { provider });
        expect(expected.status).toBe('priced');
        const got = collectorCost(
          keyOf({ model, provider })!,
          u.inputTokens,
          u.outputTokens,
          u.cacheReadInputTokens ?? 0,
          u.cacheCreationInputTokens ?? 0,
        );
        expect(got, JSON.stringify(u)).toBeCloseTo(expected.totalUsd!, 12);
      }
    },
  );

  it('stages model, provider and usage from every name of GENAI_SPAN_KEYS, the best name last', () => {
    const staged = (cacheKey: string) =>
      statements.flatMap((st) => {
        const m = new RegExp(`^set\\(cache\\["${cacheKey}"\\], (?:Double\\()?attributes\\["([^"]+)"\\]`).exec(
          st,
        );
        return m ? [m[1]!] : [];
      });
    const K = GENAI_SPAN_KEYS;
    expect(staged('model')).toEqual([...K.responseModel, ...K.requestModel].reverse());
    expect(staged('provider')).toEqual([...K.provider].reverse());
    expect(staged('input_tokens')).toEqual([...K.inputTokens].reverse());
    expect(staged('output_tokens')).toEqual([...K.outputTokens].reverse());
    expect(staged('cache_read')).toEqual([...K.cacheReadInputTokens].reverse());
    expect(staged('cache_creation')).toEqual([...K.cacheCreationInputTokens].reverse());
    expect(
      statements.some((st) =>
        st.includes('instrumentation_scope.name == "@traceloop/instrumentation-anthropic"'),
      ),
    ).toBe(true);
  });
});
