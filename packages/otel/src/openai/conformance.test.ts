import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs module shared with the child process
import { CONFORMANCE_CALLS } from '../core/test-support/conformance-calls.mjs';
import { FIXTURES_DIR, loadOpenAI } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { OpenAIInstrumentation } from './index.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const runner = fileURLToPath(new URL('../core/test-support/contrib-runner.mjs', import.meta.url));

interface SpanDump {
  name: string;
  kind: number;
  attributes: Attributes;
}

/** Attributes whose value depends on the response (mock-llm generates ids per response). */
const PER_RESPONSE = new Set(['gen_ai.response.id']);

describe('conformance with @opentelemetry/instrumentation-openai@0.21.0 (openai 6.x)', () => {
  it('emits every gen_ai.* attribute the contrib instrumentation emits, with the same value', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      runner,
      `${t.mock().url}/v1`,
      FIXTURES_DIR,
    ]);
    const contrib = JSON.parse(stdout) as { name: string; spans: SpanDump[] }[];

    const sdk = loadOpenAI(6);
    const client = new sdk.OpenAI({ apiKey: 'sk-conformance', baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
    for (const call of CONFORMANCE_CALLS as { name: string; run: (c: unknown) => Promise<unknown> }[]) {
      t.telemetry.reset();
      await call.run(client);
      const ours = t.telemetry.onlySpan();
      const theirs = contrib.find((c) => c.name === call.name)!.spans;
      expect(theirs, call.name).toHaveLength(1);
      const expected = theirs[0]!;
      expect(ours.name, call.name).toBe(expected.name);
      expect(ours.kind, call.name).toBe(expected.kind);
      const compared: string[] = [];
      for (const [key, value] of Object.entries(expected.attributes)) {
        if (!key.startsWith('gen_ai.') && !key.startsWith('server.')) continue;
        compared.push(key);
        if (key === 'gen_ai.system') {
          // semconv v1.41 renamed gen_ai.system to gen_ai.provider.name.
          expect(ours.attributes['gen_ai.provider.name'], `${call.name} ${key}`).toBe(value);
          expect(ours.attributes['gen_ai.system'], `${call.name} ${key}`).toBeUndefined();
        } else if (PER_RESPONSE.has(key)) {
          expect(typeof ours.attributes[key], `${call.name} ${key}`).toBe(typeof value);
        } else {
          expect(ours.attributes[key], `${call.name} ${key}`).toEqual(value);
        }
      }
      // The comparison covered the attributes that matter, not an empty set.
      expect(compared, call.name).toEqual(
        expect.arrayContaining(['gen_ai.request.model', 'gen_ai.usage.input_tokens']),
      );
    }
  });
});
