// Both OpenTelemetry JS lines, out of process, from an npm-style install of the built packages
// (helpers/installed-layout.ts): an app on the current line (sdk-node 0.30x, SDK 3.x, @opentelemetry/api 1.10) and
// one on the previous line (0.2xx, 2.x, api 1.9), each (a) with its own NodeSDK set up by the otel README's
// snippet, verbatim, and (b) under the register entry; ESM and CommonJS. Every run must give the same spans, cost
// and metrics, with the app's own span as the parent and the baggage the app set itself in the attribution.
// And a second copy of @opentelemetry/api is named on stderr.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as llmcost from '@llmcost/otel';
import {
  computeCost,
  convertAnthropicUsage,
  convertGeminiUsage,
  convertOpenAIChatUsage,
  type Usage,
} from '@llmcost/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, metricTotal, startHarness } from './helpers/harness.js';
import { installedLayout, type Layout } from './helpers/installed-layout.js';
import { nodeAtLeast } from './helpers/node-version.js';
import { OTEL_LINES, type OtelLine } from './helpers/otel-lines.js';
import type { ReceivedSpan } from './helpers/otlp-receiver.js';
import { mapLimit, type NodeResult, REPO_ROOT, runNode, SPAWN_CONCURRENCY } from './helpers/run-node.js';

const README = readFileSync(join(REPO_ROOT, 'packages/otel/README.md'), 'utf8');
/** The first js block of the README section "With your own OpenTelemetry SDK". */
const SNIPPET = /## With your own OpenTelemetry SDK[\s\S]*?```js\n([\s\S]*?)```/.exec(README)?.[1] ?? '';

const BODY = `
const messages = [{ role: 'user', content: 'Which line are you on?' }];
const openai = new OpenAI({ maxRetries: 0 });
const anthropic = new Anthropic({ maxRetries: 0 });
const gemini = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: process.env.GEMINI_BASE_URL } });
const usage = await trace.getTracer('app').startActiveSpan('handle request', async (span) => {
  // Baggage the app sets through its own copy of the API, then llmcost's withLlmContext adds the user.
  const baggage = propagation.createBaggage({ 'llmcost.feature': { value: 'otel-lines' } });
  const out = await context.with(propagation.setBaggage(context.active(), baggage), () =>
    withLlmContext({ userId: 'user-9' }, async () => ({
      openai: (await openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages })).usage,
      anthropic: (await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 20, messages })).usage,
      gemini: (await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: messages[0].content }))
        .usageMetadata,
    })),
  );
  span.end();
  return out;
});
console.log(JSON.stringify(usage));
`;
const APP_MJS = `import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { withLlmContext } from '@llmcost/otel';
import { context, propagation, trace } from '@opentelemetry/api';
import OpenAI from 'openai';
${BODY}`;
const APP_CJS = `const Anthropic = require('@anthropic-ai/sdk');
const { GoogleGenAI } = require('@google/genai');
const { withLlmContext } = require('@llmcost/otel');
const { context, propagation, trace } = require('@opentelemetry/api');
const OpenAI = require('openai');
(async () => {${BODY}})();
`;

interface Run {
  id: string;
  line: OtelLine;
  args: string[];
  layout: Layout;
}

const lines = OTEL_LINES.filter((l) => nodeAtLeast(l.minNode));
const layouts = new Map<string, Layout>();
const runs: Run[] = [];
const results = new Map<string, NodeResult>();
let h: Harness;
// The app on api 1.10 (the current line's fixture) with @llmcost/otel linked the workspace way, where it keeps
// packages/otel's own api 1.9: what a broken install looks like.
let twoCopies: NodeResult;

beforeAll(async () => {
  h = await startHarness();
  for (const line of lines) {
    const layout = installedLayout(line.fixture);
    layouts.set(line.id, layout);
    writeFileSync(join(layout.dir, 'instrumentation.mjs'), SNIPPET);
    writeFileSync(join(layout.dir, 'app.mjs'), APP_MJS);
    writeFileSync(join(layout.dir, 'app.cjs'), APP_CJS);
    runs.push(
      { id: `${line.id}-own-sdk-esm`, line, layout, args: ['--import', './instrumentation.mjs', 'app.mjs'] },
      { id: `${line.id}-own-sdk-cjs`, line, layout, args: ['--import', './instrumentation.mjs', 'app.cjs'] },
      {
        id: `${line.id}-register-esm`,
        line,
        layout,
        args: ['--import', '@llmcost/otel/register', 'app.mjs'],
      },
      {
        id: `${line.id}-register-cjs`,
        line,
        layout,
        args: ['--require', '@llmcost/otel/register', 'app.cjs'],
      },
    );
  }
  const broken = installedLayout('otel-sdk-3x', { workspaceLinks: true });
  layouts.set('two-copies', broken);
  writeFileSync(join(broken.dir, 'app.mjs'), APP_MJS);
  await mapLimit(
    [...runs, { id: 'two-copies', args: ['--import', '@llmcost/otel/register', 'app.mjs'], layout: broken }],
    SPAWN_CONCURRENCY,
    async (run) => {
      const env = h.env(run.id, {
        GEMINI_BASE_URL: h.mock.url,
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_METRIC_EXPORT_INTERVAL: '600000',
      });
      const r = await runNode({ cwd: run.layout.dir, args: run.args, env });
      if (run.id === 'two-copies') twoCopies = r;
      else results.set(run.id, r);
    },
  );
}, 600_000);

afterAll(async () => {
  await h?.close();
  for (const layout of layouts.values()) layout.remove();
});

/** What a run exported, reduced to what must be the same in every run. */
function observed(id: string) {
  const r = results.get(id)!;
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const usage = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  const spans = h.spans(id);
  const app = spans.find((s) => s.scope === 'app' && s.name === 'handle request');
  const llm = h.llmSpans(id).sort((a, b) => a.name.localeCompare(b.name));
  const metrics = h.metrics(id);
  return { usage, app, llm, metrics };
}

/** The cost of a span's call from the usage its SDK returned, through the pricing converters. */
const CONVERT: Record<string, (u: never) => Usage | undefined> = {
  openai: convertOpenAIChatUsage,
  anthropic: convertAnthropicUsage,
  'gcp.gemini': convertGeminiUsage,
};
const SDK_USAGE: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  'gcp.gemini': 'gemini',
};
const expectedCost = (span: ReceivedSpan, usage: Record<string, unknown>) => {
  const provider = String(span.attributes['gen_ai.provider.name']);
  const converted = CONVERT[provider]!(usage[SDK_USAGE[provider]!] as never)!;
  return computeCost(converted, String(span.attributes['gen_ai.response.model']), { provider });
};

describe.each(
  lines.flatMap((line) =>
    ['own-sdk-esm', 'own-sdk-cjs', 'register-esm', 'register-cjs'].map((mode) => ({
      id: `${line.id}-${mode}`,
      line: line.id,
      mode,
    })),
  ),
)('$line line, $mode', ({ id }) => {
  it('one priced span per call, a child of the app span, attributed from baggage', () => {
    const { usage, app, llm } = observed(id);
    expect(app).toBeDefined();
    expect(llm.map((s) => s.name)).toEqual([
      'chat claude-haiku-4-5',
      'chat gpt-4o-mini',
      'generate_content gemini-2.5-flash',
    ]);
    for (const span of llm) {
      const cost = expectedCost(span, usage);
      expect(cost.status).toBe('priced');
      expect(span.attributes['gen_ai.usage.cost']).toBe(cost.totalUsd);
      expect(span.attributes['llmcost.pricing.status']).toBe('priced');
      expect(span.traceId).toBe(app!.traceId);
      expect(span.parentSpanId).toBe(app!.spanId);
      expect(span.attributes['llmcost.feature']).toBe('otel-lines');
      expect(span.attributes['user.id']).toBe('user-9');
    }
  });

  it('the metrics: three calls, their cost, their tokens', () => {
    const { llm, metrics } = observed(id);
    expect(metricTotal(metrics, 'llmcost.calls').value).toBe(3);
    const cost = metricTotal(metrics, 'gen_ai.usage.cost');
    expect(cost.count).toBe(3);
    expect(cost.value).toBeCloseTo(
      llm.reduce((sum, s) => sum + (s.attributes['gen_ai.usage.cost'] as number), 0),
      12,
    );
    expect(metricTotal(metrics, 'gen_ai.client.token.usage').count).toBe(6);
  });
});

describe('the same telemetry whichever line and mode', () => {
  it('span names, attribute keys and metric names are identical across every run', () => {
    const shapes = [...results.keys()].map((id) => {
      const { llm, metrics } = observed(id);
      return {
        spans: llm.map((s) => `${s.name}: ${Object.keys(s.attributes).sort().join(',')}`),
        metrics: [
          ...new Set(metrics.filter((m) => m.scope.startsWith('@llmcost/')).map((m) => m.name)),
        ].sort(),
      };
    });
    expect(shapes.length).toBe(lines.length * 4);
    for (const shape of shapes) expect(shape).toEqual(shapes[0]);
  });
});

describe('the README snippet', () => {
  it('adds every instrumentation @llmcost/otel exports (llmcostInstrumentations(): one of each)', () => {
    const exported = Object.entries(llmcost).filter(([name]) => name.endsWith('Instrumentation'));
    expect(exported.length).toBeGreaterThan(0);
    expect(SNIPPET).toContain('instrumentations: llmcostInstrumentations(),');
    const made = llmcost.llmcostInstrumentations();
    expect(made.map((i) => i.constructor)).toEqual(expect.arrayContaining(exported.map(([, c]) => c)));
    expect(made).toHaveLength(exported.length);
  });
});

describe('a second copy of @opentelemetry/api', () => {
  it('is named on stderr in one line with the fix; the LLM spans are still recorded', () => {
    expect(twoCopies.code).toBe(0);
    const lines = twoCopies.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^llmcost: two copies of @opentelemetry\/api: the app's 1\.10\.\d+ \(.+\) and llmcost's 1\.9\.\d+ \(.+\); .* Fix: install one copy/,
    );
    expect(h.llmSpans('two-copies')).toHaveLength(3);
  });
});
