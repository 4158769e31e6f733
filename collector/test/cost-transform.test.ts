// What the generated statements would do, checked against @llmcost/pricing itself: the first matching
// regex picks the row the library picks, and the cost expression gives the library's cost.
// (The regexes are RE2; the ones we generate are also valid JavaScript once `(?i)` becomes the `i` flag.)
import { costTransformStatements } from '@llmcost/cli';
import { computeCost, findPrice, listPrices } from '@llmcost/pricing';
import { describe, expect, it } from 'vitest';

const statements = costTransformStatements();

const matchers = statements.flatMap((s) => {
  const m = /^set\(cache\["price"\], "([^"]+)"\) where .* IsMatch\(cache\["model"\], "\(\?i\)(.*)"\)$/.exec(
    s,
  );
  return m ? [{ model: m[1]!, re: new RegExp(m[2]!, 'i') }] : [];
});
const pick = (name: string) => matchers.find((m) => m.re.test(name))?.model;

/** Evaluates the generated cost statement(s) of a row for staged token counts, as the collector would. */
function collectorCost(
  model: string,
  input: number,
  output: number,
  cacheRead: number,
  cacheCreation: number,
) {
  const cache: Record<string, number> = {
    input: input - cacheRead - cacheCreation,
    output,
    cache_read: cacheRead,
    cache_creation: cacheCreation,
  };
  for (const s of statements) {
    const m =
      /^set\(attributes\["gen_ai\.usage\.cost"\], (.*)\) where cache\["price"\] == "([^"]+)" and attributes\["gen_ai\.usage\.cost"\] == nil(?: and attributes\["gen_ai\.usage\.input_tokens"\] > (\d+))?$/.exec(
        s,
      );
    if (!m || m[2] !== model) continue;
    if (m[3] !== undefined && !(input > Number(m[3]))) continue;
    const expr = m[1]!.replace(/cache\["(\w+)"\]/g, (_, k: string) => String(cache[k]));
    expect(expr).toMatch(/^[\d.+*/() e-]+$/);
    return Function(`return ${expr}`)() as number;
  }
  return undefined;
}

describe('generated cost transform', () => {
  const names = listPrices().flatMap((e) => [
    e.model,
    ...(e.aliases ?? []),
    `${e.model}-2025-08-07`,
    `${e.model}-20250514`,
    `openai/${e.model}`,
    e.model.toUpperCase(),
  ]);

  it('has one match statement per row and one cost statement per row and long-context tier', () => {
    const rows = listPrices();
    const prefixCount = rows.reduce((n, e) => n + (e.prefixes?.length ?? 0), 0);
    expect(matchers.length).toBe(rows.length + prefixCount);
    const tiers = rows.reduce((n, e) => n + (e.longContext?.length ?? 0), 0);
    expect(statements.filter((s) => s.startsWith('set(attributes["gen_ai.usage.cost"]')).length).toBe(
      rows.length + tiers,
    );
  });

  it.each(names)('"%s" resolves to the row @llmcost/pricing resolves it to', (name) => {
    expect(pick(name)).toBe(findPrice(name)?.model);
  });

  it('models the table does not know match nothing (and are marked unpriced)', () => {
    for (const name of ['my-own-model', 'gpt-9000-turbo', 'llama-3-70b']) {
      expect(pick(name), name).toBe(findPrice(name)?.model);
    }
    expect(statements.at(-1)).toContain('"unpriced"');
  });

  it.each(listPrices().map((e) => e.model))('%s: the collector cost equals computeCost', (model) => {
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
      const expected = computeCost(u, model);
      expect(expected.status).toBe('priced');
      const got = collectorCost(
        model,
        u.inputTokens,
        u.outputTokens,
        u.cacheReadInputTokens ?? 0,
        u.cacheCreationInputTokens ?? 0,
      );
      expect(got, JSON.stringify(u)).toBeCloseTo(expected.totalUsd!, 12);
    }
  });
});
