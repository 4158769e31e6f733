// The examples run as documented, under the register hook, against mock-llm: the demo (`node
// examples/demo/run.mjs`, the README's main command) and the small ESM, CommonJS and Anthropic apps.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers/harness.js';
import { mapLimit, type NodeResult, REPO_ROOT, runNode, SPAWN_CONCURRENCY } from './helpers/run-node.js';

const examples = (path: string) => fileURLToPath(new URL(`../examples/${path}`, import.meta.url));

let h: Harness;
const runs = new Map<string, NodeResult>();
const APPS = [
  { id: 'esm', cwd: examples('esm'), args: ['--import', '@llmcost/otel/register', 'app.mjs'] },
  { id: 'cjs', cwd: examples('cjs'), args: ['--require', '@llmcost/otel/register', 'app.cjs'] },
  { id: 'anthropic', cwd: examples('anthropic'), args: ['--import', '@llmcost/otel/register', 'app.mjs'] },
];

beforeAll(async () => {
  h = await startHarness();
  await mapLimit(
    [...APPS, { id: 'demo', cwd: REPO_ROOT, args: ['examples/demo/run.mjs'] }],
    SPAWN_CONCURRENCY,
    async (app) => {
      // The demo brings its own mock-llm and exports nothing unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
      const env = app.id === 'demo' ? {} : h.env(app.id, { LLMCOST_SUMMARY: 'stderr' });
      runs.set(app.id, await runNode({ cwd: app.cwd, args: app.args, env }));
    },
  );
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('examples/demo (node examples/demo/run.mjs)', () => {
  it('runs offline and prints the cost table by feature, user and model', () => {
    const r = runs.get('demo')!;
    expect(r.code).toBe(0);
    const done = /demo: (\d+) LLM calls done \(mock-llm\)/.exec(r.stdout);
    expect(r.stderr).toContain(`llmcost summary: ${done?.[1]} LLM calls,`);
    expect(r.stderr).toMatch(
      /^llmcost summary: \d+ LLM calls, [\d,]+ input \+ [\d,]+ output tokens, \$[\d,]+\.\d{6}; 1 unpriced \(no price known, not in the total\), 3 estimated \(tokens counted locally\)$/m,
    );
    const table = (title: string) => {
      const lines = r.stderr.split('\n');
      const start = lines.findIndex((l) => l.startsWith(`${title} `));
      return lines.slice(start + 1, lines.indexOf('', start));
    };
    // The story: deep analysis is the most expensive feature, driven by the power user.
    expect(table('feature')[0]).toMatch(/^deep-analysis\s/);
    expect(
      table('feature')
        .map((l) => l.split(/\s+/)[0])
        .sort(),
    ).toEqual([
      'contract-review',
      'deep-analysis',
      'draft-reply',
      'labs',
      'summarise',
      'support-chat',
      'tag-ticket',
      'ticket-triage',
      'translate',
    ]);
    expect(table('user')[0]).toMatch(/^user-power-7\s/);
    const models = table('model').map((l) => l.split(/\s+/)[0]);
    expect(models).toEqual(
      expect.arrayContaining([
        'openai/gpt-4o',
        'openai/gpt-4o-mini',
        'anthropic/claude-haiku-4-5',
        'anthropic/claude-sonnet-4-6',
        'gcp.gemini/gemini-2.5-flash',
        'aws.bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0',
        'mistral_ai/mistral-small-latest',
      ]),
    );
    // Streams without usage are estimated; the unknown model is unpriced (never $0); all else is priced; no
    // call failed (the last column).
    const row = (title: string, name: string) => table(title).find((l) => l.split(/\s+/)[0] === name)!;
    expect(row('feature', 'draft-reply')).toMatch(/\$\d+\.\d{6}\s+0\s+3\s+0$/);
    expect(row('feature', 'labs')).toMatch(/\s1\s+0\s+0$/);
    expect(row('feature', 'labs')).not.toMatch(/\$/);
    // Three AI SDK triages, two model calls each (the tool step and the answer): a priced call per step.
    expect(row('feature', 'ticket-triage')).toMatch(/^ticket-triage\s+6\s/);
    const features = ['deep-analysis', 'summarise', 'support-chat', 'ticket-triage', 'translate'];
    for (const name of [...features, 'contract-review', 'tag-ticket']) {
      expect(row('feature', name)).toMatch(/\s0\s+0\s+0$/);
    }
    // By hand, from the row's own token counts: Claude Haiku 4.5 on a Bedrock us. profile is $1.10 / $5.50 per
    // 1M input / output tokens (Anthropic's $1 / $5 plus Bedrock's 10% regional premium); mistral-small $0.10 / $0.30.
    for (const [name, inRate, outRate] of [
      ['contract-review', 1.1, 5.5],
      ['tag-ticket', 0.1, 0.3],
    ] as const) {
      const [, , input, output, cost] = row('feature', name).split(/\s+/);
      const tokens = (t: string | undefined) => Number(t!.replaceAll(',', ''));
      const usd = (tokens(input) * inRate + tokens(output) * outRate) / 1e6;
      expect(cost).toBe(`$${usd.toFixed(6)}`);
    }
  });
});

describe.each(APPS)('examples/$id', ({ id }) => {
  it('exports priced, attributed LLM spans and prints the summary', () => {
    const r = runs.get(id)!;
    expect(r.code).toBe(0);
    const spans = h.llmSpans(id);
    expect(spans.length).toBeGreaterThan(0);
    for (const s of spans) {
      expect(s.attributes['llmcost.pricing.status']).toBe('priced');
      expect(s.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
      expect(typeof s.attributes['user.id']).toBe('string');
      expect(typeof s.attributes['llmcost.feature']).toBe('string');
    }
    expect(r.stderr).toContain(`llmcost summary: ${spans.length} LLM calls`);
  });
});
