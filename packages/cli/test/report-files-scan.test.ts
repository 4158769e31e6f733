import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, scanExportRequest } from '../src/report/files/otlp-scan.js';
import { type LineContent, LineShapeError, readExportRequest } from '../src/report/files/otlp-span.js';
import { exportLines, type GenCall } from './report-files-spans.js';

// The fast scanner must read every line exactly as JSON.parse + the object reader do: same calls, same span
// times, same shape errors, and a syntax error wherever JSON.parse has one.

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/otlp/real-calls.jsonl', import.meta.url));

type Outcome = { content: LineContent } | { shape: string } | { syntax: true };

function viaJsonParse(line: string): Outcome {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return { syntax: true };
  }
  const content: LineContent = { calls: [], otherSpanEndMs: [] };
  try {
    readExportRequest(request, content);
  } catch (err) {
    if (err instanceof LineShapeError) return { shape: err.message };
    throw err;
  }
  return { content };
}

function viaScanner(line: string): Outcome {
  const content: LineContent = { calls: [], otherSpanEndMs: [] };
  try {
    scanExportRequest(line, content);
  } catch (err) {
    if (err instanceof LineShapeError) return { shape: err.message };
    if (err instanceof JsonSyntaxError) return { syntax: true };
    throw err;
  }
  return { content };
}

const T0 = Date.parse('2026-11-16T00:00:00Z');
const sample: GenCall[] = [
  {
    endMs: T0,
    feature: 'chat',
    user: 'user "ä" \\ 1',
    tier: 'pro',
    provider: 'openai',
    model: 'gpt-4o',
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 4,
    costUsd: 0.1,
    status: 'priced',
    finishReasons: ['stop', 'length'],
  },
  {
    endMs: T0 + 1,
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    inputTokens: 100,
    outputTokens: 7,
    foreign: true,
  },
  { endMs: T0 + 2, provider: 'openai', model: 'gpt-4o', error: true, feature: 'x\u2028y' },
  {
    endMs: T0 + 3,
    provider: 'openai',
    model: 'acme-1',
    status: 'unpriced',
    inputTokens: 1,
    outputTokens: 1,
    traceId: 'cd'.repeat(16),
    responseId: 'r\\"1',
  },
];

/** The same request written differently: whitespace, and members in another order. */
function variants(line: string): string[] {
  const request = JSON.parse(line);
  const reorder = (o: any): any => {
    if (Array.isArray(o)) return o.map(reorder);
    if (o === null || typeof o !== 'object') return o;
    return Object.fromEntries(
      Object.entries(o)
        .reverse()
        .map(([k, v]) => [k, reorder(v)]),
    );
  };
  return [
    line,
    JSON.stringify(request, null, 1).replace(/\n/g, ' '),
    JSON.stringify(reorder(request)),
    ` \t${line}\r`,
  ];
}

describe('scanExportRequest reads like JSON.parse + readExportRequest', () => {
  const lines = [...readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean), ...exportLines(sample, 2)];

  it('on real and generated lines, written in several ways', () => {
    let compared = 0;
    for (const line of lines) {
      for (const v of variants(line)) {
        const expected = viaJsonParse(v);
        expect('content' in expected).toBe(true);
        expect(viaScanner(v)).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('on every truncation of a line: a syntax error, as JSON.parse', () => {
    const line = exportLines(sample, 4)[0]!;
    for (let cut = 0; cut < line.length; cut += 7) {
      expect(viaScanner(line.slice(0, cut)), `cut at ${cut}`).toEqual(viaJsonParse(line.slice(0, cut)));
    }
  });

  it('on lines of the wrong shape: the same message', () => {
    const good = JSON.parse(exportLines(sample, 4)[0]!);
    const cases = [
      '{"foo":1}',
      '[1,2]',
      '"text"',
      '{"resourceSpans":{}}',
      '{"resourceSpans":[1]}',
      '{"resourceSpans":[{"scopeSpans":{}}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":7}]}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"endTimeUnixNano":"12x"}]}]}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"endTimeUnixNano":"1","attributes":{}}]}]}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{}]}]}]}',
      JSON.stringify({ ...good, resourceSpans: [good.resourceSpans[0], 'x'] }),
      // a shape problem first, a syntax error later in the line: reported as not JSON
      '{"resourceSpans":[1], "x": tru}',
    ];
    for (const c of cases) expect(viaScanner(c), c).toEqual(viaJsonParse(c));
  });

  it('rejects what JSON.parse rejects in the parts it reads', () => {
    for (const bad of [
      '{"resourceSpans":[]} x',
      '{"resourceSpans":[],}',
      '{"resourceSpans" []}',
      '{resourceSpans:[]}',
      '{"a":"\\q"}',
    ]) {
      expect(viaScanner(bad), bad).toEqual({ syntax: true });
      expect(viaJsonParse(bad), bad).toEqual({ syntax: true });
    }
  });
});
