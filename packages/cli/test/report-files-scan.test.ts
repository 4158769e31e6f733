import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fastScanExportRequest, scanExportRequestBytes } from '../src/report/files/otlp-fast-scan.js';
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
  const content: LineContent = { calls: [], otherSpanEndMs: [], skipped: [] };
  try {
    readExportRequest(request, content);
  } catch (err) {
    if (err instanceof LineShapeError) return { shape: err.message };
    throw err;
  }
  return { content };
}

function viaScanner(line: string): Outcome {
  const content: LineContent = { calls: [], otherSpanEndMs: [], skipped: [] };
  try {
    scanExportRequest(line, content);
  } catch (err) {
    if (err instanceof LineShapeError) return { shape: err.message };
    if (err instanceof JsonSyntaxError) return { syntax: true };
    throw err;
  }
  return { content };
}

/** What the report runs: the bytes of the line, padded so that the line is a slice of a larger buffer. */
function viaBytes(line: string): Outcome {
  const content: LineContent = { calls: [], otherSpanEndMs: [], skipped: [] };
  const bytes = Buffer.from(`xx\n${line}\nyy`, 'utf8');
  const start = 3;
  const end = bytes.length - 3;
  try {
    scanExportRequestBytes(bytes, start, end, content);
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
        expect(viaBytes(v)).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('on every truncation of a line: a syntax error, as JSON.parse', () => {
    const line = exportLines(sample, 4)[0]!;
    for (let cut = 0; cut < line.length; cut += 7) {
      const expected = viaJsonParse(line.slice(0, cut));
      expect(viaScanner(line.slice(0, cut)), `cut at ${cut}`).toEqual(expected);
      expect(viaBytes(line.slice(0, cut)), `cut at ${cut}`).toEqual(expected);
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
    for (const c of cases) {
      expect(viaScanner(c), c).toEqual(viaJsonParse(c));
      expect(viaBytes(c), c).toEqual(viaJsonParse(c));
    }
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
      expect(viaBytes(bad), bad).toEqual({ syntax: true });
      expect(viaJsonParse(bad), bad).toEqual({ syntax: true });
    }
  });
});

describe('the fast path of scanExportRequestBytes', () => {
  const fast = (line: string) => {
    const content: LineContent = { calls: [], otherSpanEndMs: [], skipped: [] };
    const bytes = Buffer.from(line, 'utf8');
    return fastScanExportRequest(bytes, bytes.toString('latin1'), content) ? content : undefined;
  };
  const kv = (key: string, value: string) => `{"key":"${key}","value":${value}}`;
  const str = (s: string) => `{"stringValue":${JSON.stringify(s)}}`;
  const lineWith = (attrs: string[], scope = '@llmcost/otel') =>
    `{"resourceSpans":[{"resource":{"attributes":[${kv('service.name', str('x'))}]},"scopeSpans":[{"scope":{"name":"${scope}","version":"1"},"spans":[{"traceId":"ab12","spanId":"01","endTimeUnixNano":"1795392583596527179","kind":3,"attributes":[${attrs.join(',')}],"events":[],"status":{"code":0},"flags":257}]}]}]}`;
  const llm = [kv('gen_ai.operation.name', str('chat')), kv('gen_ai.request.model', str('gpt-4o'))];

  it('reads the real and generated lines itself, not through the general scanner', () => {
    const lines = [...readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean), ...exportLines(sample, 2)];
    for (const line of lines) {
      const content = fast(line);
      expect(content, line.slice(0, 80)).toBeDefined();
      expect({ content }).toEqual(viaJsonParse(line));
    }
  });

  // [attributes, whether the fast path reads the line itself]
  const cases: Array<[string[], boolean]> = [
    [
      [
        ...llm,
        kv('gen_ai.usage.input_tokens', '{"intValue":"12"}'),
        kv('gen_ai.usage.output_tokens', '{"intValue":7}'),
      ],
      true,
    ],
    // the first of input_tokens / prompt_tokens with a usable value wins; a negative or NaN value is none
    [
      [
        ...llm,
        kv('gen_ai.usage.prompt_tokens', '{"intValue":-3}'),
        kv('gen_ai.usage.input_tokens', '{"intValue":5}'),
      ],
      true,
    ],
    [
      [
        ...llm,
        kv('gen_ai.usage.cost', '{"doubleValue":"NaN"}'),
        kv('gen_ai.usage.output_tokens', '{"doubleValue":1.5e2}'),
      ],
      true,
    ],
    [[...llm, kv('gen_ai.usage.cost', '{"doubleValue":0.000123456789012345678}')], true],
    [[...llm, kv('gen_ai.usage.input_tokens', '{"intValue":""}'), kv('gen_ai.usage.cost', str('3'))], true],
    [[...llm, kv('gen_ai.usage.input_tokens', '{"intValue":12345678901234567890}')], true],
    [
      [
        ...llm,
        kv('gen_ai.usage.input_tokens', '{"boolValue":true}'),
        kv('gen_ai.usage.whatever', '{"intValue":1}'),
      ],
      true,
    ],
    // finish reasons: an array (distinct, non-empty), a plain string, the first attribute wins
    [
      [
        ...llm,
        kv(
          'gen_ai.response.finish_reasons',
          '{"arrayValue":{"values":[{"stringValue":"stop"},{"stringValue":""},{"stringValue":"stop"},{"stringValue":"length"}]}}',
        ),
      ],
      true,
    ],
    [
      [
        ...llm,
        kv('gen_ai.response.finish_reason', str('max_tokens')),
        kv('gen_ai.response.finish_reasons', '{"arrayValue":{"values":[]}}'),
      ],
      true,
    ],
    [[...llm, kv('gen_ai.response.finish_reasons', '{"arrayValue":{"values":[{"intValue":1}]}}')], false],
    // strings: empty is none, UTF-8 and escapes decoded as JSON.parse does
    [
      [
        ...llm,
        kv('llmcost.feature', str('')),
        kv('user.id', str('ünïcödé 😀')),
        kv('llmcost.tier', str('a"b\\c\u2028')),
      ],
      true,
    ],
    [[...llm, kv('user.hash', '{"stringValue":"\\u00e4"}'), kv('error.type', str('Timeout'))], true],
    [[...llm, kv('user.hash', '{"stringValue":"\\q"}')], false],
    [
      [
        ...llm,
        kv('gen_ai.response.id', str('r1')),
        kv('ai.model.id', str('m')),
        kv('ai.response.model', str('n')),
      ],
      true,
    ],
    [[...llm, kv('gen_ai.response.id', str('r"1\\')), kv('gen_ai.system', str('openai'))], true],
    // an escaped key is decoded before it is matched: left to the general scanner
    [[kv('gen_ai.usage.\\u0063ost', '{"doubleValue":1}'), kv('gen_ai.request.model', str('gpt-4o'))], false],
    [[kv('llmcost.\\u0066eature', str('f')), ...llm], false],
    // keys the report does not read, with every kind of value
    [
      [
        kv('http.x', '{"kvlistValue":{"values":[{"key":"a","value":{"stringValue":"}]"}}]}}'),
        kv('gen_ai.request.max_tokens', '{"intValue":5}'),
        ...llm,
      ],
      true,
    ],
    [[kv('gen_ai.operation.name', '{"kvlistValue":{}}')], false],
    [[kv('http.x', '{}'), '{"value":{"stringValue":"a"},"key":"user.id"}', ...llm], false],
    // not an LLM span
    [[kv('http.request.method', str('POST')), kv('server.port', '{"intValue":443}')], true],
    [[], true],
  ];

  it('reads attribute values exactly as readCall does on JSON.parse output', () => {
    for (const [attrs, fastPath] of cases) {
      for (const scope of ['@llmcost/otel', 'other']) {
        const line = lineWith(attrs, scope);
        const expected = viaJsonParse(line);
        if (fastPath) expect('content' in expected, line).toBe(true);
        expect(viaBytes(line), line).toEqual(expected);
        expect(fast(line) !== undefined, line).toBe(fastPath);
      }
    }
  });

  it('gives the line to the general scanner on anything unexpected, which reports it', () => {
    const line = lineWith(llm);
    for (const bad of [
      line.replace('"endTimeUnixNano":"1795392583596527179"', '"endTimeUnixNano":1795392583596527179'),
      line.replace('"endTimeUnixNano":"1795392583596527179"', '"endTimeUnixNano":"17x"'),
      line.replace('"scopeSpans":[{', '"scopeSpans": [{'),
      line.replace('"kind":3', '"kind":tru'),
      line.replace('"attributes":[', '"attributes":{"a":['),
      `${line} `,
      line.slice(0, -1),
    ]) {
      expect(fast(bad), bad).toBeUndefined();
      expect(viaBytes(bad), bad).toEqual(viaJsonParse(bad));
    }
  });
});
