// test/fixtures/otlp/real-calls.jsonl must stay what our instrumentation writes today: regenerate it in a
// temp dir (generate.mjs: mock-llm, the app under `node --import @llmcost/otel/register`, an OTLP/HTTP json
// receiver) and compare the calls, ignoring times and ids. A failure means: run `node test/fixtures/otlp/generate.mjs`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { callsOf } from './helpers/independent-report.js';
import { readOtlpSpans } from './helpers/synthetic-spans.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/otlp/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'llmcost-fixture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shape = (path: string) => callsOf(readOtlpSpans(path)).map(({ endMs: _t, ...call }) => call);

describe('test/fixtures/otlp/real-calls.jsonl', () => {
  it('is what generate.mjs writes with the current instrumentation (times and ids aside)', () => {
    const r = spawnSync(process.execPath, [join(FIXTURES, 'generate.mjs'), '--out', dir], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(shape(join(dir, 'real-calls.jsonl'))).toEqual(shape(join(FIXTURES, 'real-calls.jsonl')));
    expect(shape(join(dir, 'real-calls.jsonl'))).toHaveLength(21);
  });
});
