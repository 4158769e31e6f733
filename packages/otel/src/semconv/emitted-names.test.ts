// The README's table of emitted names is generated from EMITTED_NAMES, and EMITTED_NAMES stays true: real calls
// through several providers, in both naming modes, emit no span attribute, metric or metric attribute it does not
// list for that mode, and every listed name is written somewhere in the code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import { withLlmContext } from '../context.js';
import { loadAnthropic, loadGoogleGenAI, loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { GoogleGenAIInstrumentation } from '../google-genai/index.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import { EMITTED_NAMES, namesOf, renderNamesTable } from './emitted-names.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const MARKERS = /<!-- names:start -->\n[\s\S]*?<!-- names:end -->/;
const SRC = [
  fileURLToPath(new URL('../', import.meta.url)),
  fileURLToPath(new URL('../../../budget/src/', import.meta.url)),
];

const openai = useInstrumentation(new OpenAIInstrumentation());
const anthropic = useInstrumentation(new AnthropicInstrumentation());
const gemini = useInstrumentation(new GoogleGenAIInstrumentation());
const all = [openai, anthropic, gemini];
const messages = [{ role: 'user' as const, content: 'Tell me about lighthouses' }];

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

/** A spread of calls: chat, stream with and without usage, responses, embeddings, an error, cache, Gemini. */
async function calls(): Promise<void> {
  const o = new (loadOpenAI(6).OpenAI)({
    apiKey: TEST_API_KEY,
    baseURL: `${openai.mock().url}/v1`,
    maxRetries: 0,
  });
  await o.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 40, service_tier: 'flex' });
  for await (const _ of await o.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }));
  await o.responses.create({ model: 'gpt-5-mini', input: 'Hi', text: { format: { type: 'json_object' } } });
  await o.embeddings.create({ model: 'text-embedding-3-small', input: 'one', encoding_format: 'float' });
  await o.chat.completions
    .create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-mock-error': '429' } })
    .catch(() => undefined);
  const a = new (loadAnthropic(1).Anthropic)({
    apiKey: TEST_API_KEY,
    baseURL: anthropic.mock().url,
    maxRetries: 0,
  });
  anthropic.mock().resetCache();
  const system = [
    { type: 'text' as const, text: 'Keep the light. '.repeat(120), cache_control: { type: 'ephemeral' } },
  ];
  for (let i = 0; i < 2; i++)
    await a.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 40,
      system,
      messages,
      temperature: 0.1,
    });
  const g = new (loadGoogleGenAI(2).GoogleGenAI)({
    apiKey: 'gemini-test-key',
    httpOptions: { baseUrl: gemini.mock().url },
  });
  await g.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi', config: { topK: 3 } });
  await g.models.embedContent({ model: 'gemini-embedding-001', contents: ['Hi'] });
}

async function emitted(): Promise<{
  spans: Set<string>;
  metrics: Set<string>;
  metricAttributes: Set<string>;
}> {
  const spans = new Set<string>();
  const metrics = new Set<string>();
  const metricAttributes = new Set<string>();
  for (const t of all) {
    for (const s of t.telemetry.spans()) for (const k of Object.keys(s.attributes)) spans.add(k);
    for (const p of await t.telemetry.points()) {
      metrics.add(p.name);
      for (const k of Object.keys(p.attributes)) metricAttributes.add(k);
    }
  }
  return { spans, metrics, metricAttributes };
}

/** Recorded measurements per metric name (histogram counts, counter sums). */
async function pointCount(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of all)
    for (const p of await t.telemetry.points()) {
      const n = typeof p.value === 'number' ? p.value : p.value.count;
      counts.set(p.name, (counts.get(p.name) ?? 0) + n);
    }
  return counts;
}

const unlisted = (got: Set<string>, listed: Set<string>) => [...got].filter((n) => !listed.has(n)).sort();

describe('emitted names', () => {
  it('the README telemetry table is rendered from EMITTED_NAMES (regenerate: npx vitest run packages/otel/src/semconv -u)', async () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toMatch(MARKERS);
    const regenerated = readme.replace(
      MARKERS,
      `<!-- names:start -->\n${renderNamesTable()}\n<!-- names:end -->`,
    );
    await expect(regenerated).toMatchFileSnapshot('../../README.md');
  });

  it('every listed name is written in the code of @llmcost/otel or @llmcost/budget', () => {
    const code = SRC.flatMap(sourceFiles)
      .filter((f) => !f.endsWith('.test.ts') && !f.endsWith('emitted-names.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(EMITTED_NAMES.filter((n) => !code.includes(`'${n.name}'`)).map((n) => n.name)).toEqual([]);
  });

  it('real calls emit only names listed for their mode (v1.41, then the latest opt-in)', async () => {
    const run = async (mode: 'v1.41' | 'latest') => {
      for (const t of all) {
        t.instrumentation.setConfig({
          genAiLatestConventions: mode === 'latest',
          captureMessageContent: true,
        });
        t.telemetry.reset();
      }
      await withLlmContext({ feature: 'names', userId: 'u-1', sessionId: 's-1', tier: 'pro' }, calls);
      return emitted();
    };
    const metricAttributes = new Set([
      ...namesOf('metric attribute', 'v1.41'),
      ...namesOf('metric attribute', 'latest'),
    ]);

    const v141 = await run('v1.41');
    expect(v141.spans.size).toBeGreaterThan(30);
    expect(unlisted(v141.spans, namesOf('span', 'v1.41'))).toEqual([]);
    expect(unlisted(v141.metrics, namesOf('metric', 'v1.41'))).toEqual([]);
    expect(unlisted(v141.metricAttributes, metricAttributes)).toEqual([]);
    const v141Points = await pointCount();

    const latest = await run('latest');
    expect(unlisted(latest.spans, namesOf('span', 'latest'))).toEqual([]);
    // The readers are cumulative: the names new since the first run are the latest mode's, and the v1.41-only
    // metrics got no point more.
    const added = new Set([...latest.metrics].filter((n) => !v141.metrics.has(n)));
    expect(unlisted(added, namesOf('metric', 'latest'))).toEqual([]);
    const after = await pointCount();
    for (const n of EMITTED_NAMES.filter((e) => e.kind === 'metric' && e.mode === 'v1.41'))
      expect(after.get(n.name), n.name).toBe(v141Points.get(n.name));
    expect(unlisted(latest.metricAttributes, metricAttributes)).toEqual([]);
    const latestGenAi = EMITTED_NAMES.filter((e) => e.kind === 'metric' && e.mode === 'latest');
    expect(latestGenAi.filter((e) => !latest.metrics.has(e.name)).map((e) => e.name)).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
