// `llmcost report` reads a span's model and usage by the one list of GenAI attribute names (GENAI_SPAN_KEYS of
// @llmcost/pricing) that CostSpanProcessor reads by: spans of OpenInference, OpenLLMetry, the Vercel AI SDK and
// semconv give the report the same tokens and the same price, in both of its readers (JSON.parse and the fast
// byte scanner).
import { computeCost, readGenAiSpan } from '@llmcost/pricing';
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../src/report/files/call-record.js';
import { scanExportRequestBytes } from '../src/report/files/otlp-fast-scan.js';
import { type LineContent, readExportRequest } from '../src/report/files/otlp-span.js';

const SPANS: Record<string, Record<string, string | number>> = {
  openInference: {
    'openinference.span.kind': 'LLM',
    'llm.provider': 'openai',
    'llm.model_name': 'gpt-4o-mini',
    'llm.token_count.prompt': 1200,
    'llm.token_count.completion': 80,
    'llm.token_count.prompt_details.cache_read': 1024,
  },
  // ai 6's doGenerate span: the cache read only under ai.usage.inputTokenDetails (the report used to miss it).
  aiSdk: {
    'ai.operationId': 'ai.generateText.doGenerate',
    'ai.model.provider': 'openai.chat',
    'ai.model.id': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': 1200,
    'gen_ai.usage.output_tokens': 80,
    'ai.usage.inputTokenDetails.cacheReadTokens': 1024,
  },
  // Semconv first, whatever the attribute order: a span with both spellings.
  bothSpellings: {
    'gen_ai.usage.prompt_tokens': 9999,
    'gen_ai.system': 'openai',
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': 1200,
    'gen_ai.usage.output_tokens': 80,
    'gen_ai.usage.cache_read_input_tokens': 1024,
  },
};

const value = (v: string | number) => (typeof v === 'number' ? { intValue: String(v) } : { stringValue: v });

function line(attributes: Record<string, string | number>, spanName: string): string {
  const span = {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    name: spanName,
    startTimeUnixNano: '1763337600000000000',
    endTimeUnixNano: '1763337601000000000',
    attributes: Object.entries(attributes).map(([key, v]) => ({ key, value: value(v) })),
  };
  return JSON.stringify({
    resourceSpans: [
      { resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'other' }, spans: [span] }] },
    ],
  });
}

function readers(text: string): [CallRecord[], CallRecord[]] {
  const parsed: LineContent = { calls: [], otherSpanEndMs: [], skipped: [] };
  readExportRequest(JSON.parse(text), parsed);
  const scanned: LineContent = { calls: [], otherSpanEndMs: [], skipped: [] };
  const bytes = Buffer.from(text, 'utf8');
  scanExportRequestBytes(bytes, 0, bytes.length, scanned);
  return [parsed.calls, scanned.calls];
}

describe('llmcost report reads GenAI spans as CostSpanProcessor does', () => {
  it.each(Object.keys(SPANS))('%s', (name) => {
    const attrs = SPANS[name]!;
    const shared = readGenAiSpan(attrs)!;
    expect(shared.usage).toEqual({ inputTokens: 1200, outputTokens: 80, cacheReadInputTokens: 1024 });
    const cost = computeCost(shared.usage, shared.model, { provider: shared.provider! });
    for (const calls of readers(line(attrs, name))) {
      expect(calls).toHaveLength(1);
      const call = calls[0]!;
      expect(call.model).toBe('gpt-4o-mini');
      expect([call.inputTokens, call.outputTokens, call.cacheReadTokens]).toEqual([1200, 80, 1024]);
      expect(call.pricing).toBe('priced');
      expect(call.costUsd).toBe(cost.totalUsd);
    }
  });

  it('an OpenInference CHAIN span and the AI SDK outer span are not calls', () => {
    const chain = { 'openinference.span.kind': 'CHAIN', 'llm.token_count.total': 10 };
    const outer = {
      'ai.operationId': 'ai.generateText',
      'ai.usage.inputTokens': 10,
      'ai.model.id': 'gpt-4o',
    };
    for (const attrs of [chain, outer])
      for (const calls of readers(line(attrs, 'not a call'))) expect(calls).toEqual([]);
  });
});
