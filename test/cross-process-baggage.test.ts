// Attribution across processes: service A (examples/express-baggage/client.mjs) sets withLlmContext and calls
// service B (server.mjs) over node:http; both run under `--import @llmcost/otel/register`. B's LLM span must
// carry A's user, feature and tier (W3C baggage) in A's trace (W3C tracecontext). Baggage is untrusted: a
// hostile header must not put forged or oversized values on B's spans.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.js';
import { type Harness, startHarness } from './helpers/harness.js';
import { type NodeResult, runNode } from './helpers/run-node.js';

const EXAMPLE = fileURLToPath(new URL('../examples/express-baggage/', import.meta.url));

let h: Harness;
let a: NodeResult;
let b: NodeResult;
let hostileStatus = 0;

beforeAll(async () => {
  h = await startHarness();
  const port = await freePort();
  const serverUrl = `http://127.0.0.1:${port}`;
  let ready!: () => void;
  const serverReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const server = runNode({
    cwd: EXAMPLE,
    args: ['--import', '@llmcost/otel/register', 'server.mjs'],
    env: h.env('service-b', { PORT: String(port) }),
    onStdout: (chunk, child) => {
      if (!chunk.includes('READY')) return;
      ready();
      void (async () => {
        try {
          a = await runNode({
            cwd: EXAMPLE,
            args: ['--import', '@llmcost/otel/register', 'client.mjs'],
            env: h.env('service-a', { SERVER_URL: serverUrl }),
          });
          const hostile = await fetch(`${serverUrl}/summarise`, {
            method: 'POST',
            body: 'hostile caller',
            headers: {
              // 300-character id, a feature with a newline (percent-encoded, as baggage values are), a valid tier.
              baggage: `user.id=${'x'.repeat(300)},llmcost.feature=ok%0Abad,llmcost.tier=gold`,
            },
          });
          hostileStatus = hostile.status;
          await hostile.text();
        } finally {
          child.kill('SIGTERM');
        }
      })();
    },
  });
  await serverReady;
  b = await server;
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('W3C baggage and trace context between two processes', () => {
  it('both services exit cleanly', () => {
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    expect(hostileStatus).toBe(200);
  });

  it("B's LLM span carries A's user, feature and tier, in A's trace", () => {
    const fromA = h.llmSpans('service-b').filter((s) => s.attributes['user.id'] === 'user-from-a');
    expect(fromA).toHaveLength(1);
    const span = fromA[0]!;
    expect(span.attributes['llmcost.feature']).toBe('meeting-notes');
    expect(span.attributes['llmcost.tier']).toBe('pro');
    expect(span.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
    const aTraceIds = new Set(h.spans('service-a').map((s) => s.traceId));
    expect(aTraceIds.size).toBeGreaterThan(0);
    expect(aTraceIds.has(span.traceId)).toBe(true);
  });

  it('B sees the attribution in its own context too (getLlmContext)', () => {
    const response = JSON.parse(a.stdout.trim());
    expect(response.attribution).toEqual({ feature: 'meeting-notes', userId: 'user-from-a', tier: 'pro' });
  });

  it('ignores oversized and control-character baggage values from an untrusted caller', () => {
    const hostile = h.llmSpans('service-b').filter((s) => s.attributes['user.id'] !== 'user-from-a');
    expect(hostile).toHaveLength(1);
    const attrs = hostile[0]!.attributes;
    expect(attrs['user.id']).toBeUndefined();
    expect(attrs['llmcost.feature']).toBeUndefined();
    expect(attrs['llmcost.tier']).toBe('gold');
  });
});
