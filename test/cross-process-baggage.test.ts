// Attribution across processes: service A (examples/express-baggage/client.mjs) sets withLlmContext and calls
// service B (server.mjs) over node:http; both run under `--import @llmcost/otel/register`.
// - A sends its attribution only to hosts listed in LLMCOST_BAGGAGE_PROPAGATE_TO, and with LLMCOST_USER_ID_HASH
//   only the pseudonym; B sends the LLM provider (mock-llm) none of it (issue 12 High 3).
// - B's LLM span carries what A sent, in A's trace. Baggage is untrusted: a hostile header must not put forged or
//   oversized values on B's spans, nor lift B's budget (issue 12 High 5) unless B trusts those keys.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashUserId } from '../packages/otel/src/context.js';
import { freePort } from './helpers/free-port.js';
import { type Harness, startHarness } from './helpers/harness.js';
import type { ReceivedSpan } from './helpers/otlp-receiver.js';
import { type NodeResult, runNode } from './helpers/run-node.js';

const EXAMPLE = fileURLToPath(new URL('../examples/express-baggage/', import.meta.url));
const BUDGET = join(mkdtempSync(join(tmpdir(), 'llmcost-baggage-')), 'budget.yaml');
// Any call without the enterprise tier (and every call without a user: the anonymous bucket) is over its cap.
writeFileSync(
  BUDGET,
  'users:\n  default: { hourUsd: 0.000001 }\n  tiers:\n    enterprise: { hourUsd: 100 }\n',
);
const CLAIM = 'user.id=rotating-1,llmcost.tier=enterprise';

let h: Harness;
const clients = new Map<string, NodeResult>();
const servers = new Map<string, NodeResult>();
const answers = new Map<string, { status: number; body: string }>();

/** Starts server.mjs under the register, runs `drive` once it is ready, then stops it with SIGTERM. */
async function withServer(
  name: string,
  env: Record<string, string>,
  drive: (url: string) => Promise<void>,
): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  servers.set(
    name,
    await runNode({
      cwd: EXAMPLE,
      args: ['--import', '@llmcost/otel/register', 'server.mjs'],
      env: h.env(name, { PORT: String(port), ...env }),
      onStdout: (chunk, child) => {
        if (chunk.includes('READY')) void drive(url).finally(() => child.kill('SIGTERM'));
      },
    }),
  );
}

const client = async (name: string, serverUrl: string, env: Record<string, string> = {}) => {
  clients.set(
    name,
    await runNode({
      cwd: EXAMPLE,
      args: ['--import', '@llmcost/otel/register', 'client.mjs'],
      env: h.env(name, { SERVER_URL: serverUrl, ...env }),
    }),
  );
};

const post = async (name: string, url: string, baggage: string) => {
  const res = await fetch(`${url}/summarise`, { method: 'POST', body: 'a caller', headers: { baggage } });
  answers.set(name, { status: res.status, body: await res.text() });
};

beforeAll(async () => {
  h = await startHarness();
  await Promise.all([
    withServer('service-b', {}, async (url) => {
      await client('a-listed', url, { LLMCOST_BAGGAGE_PROPAGATE_TO: '127.0.0.1' });
      await client('a-unlisted', url, { LLMCOST_BAGGAGE_PROPAGATE_TO: 'api.example.com,*.internal' });
      await client('a-hashed', url, {
        LLMCOST_BAGGAGE_PROPAGATE_TO: '127.0.0.1',
        LLMCOST_USER_ID_HASH: 'pepper',
      });
      // 300-character id, a feature with a newline (percent-encoded, as baggage values are), a valid tier.
      await post('hostile', url, `user.id=${'x'.repeat(300)},llmcost.feature=ok%0Abad,llmcost.tier=gold`);
    }),
    withServer('budget-b', { LLMCOST_BUDGET_FILE: BUDGET }, (url) => post('claim', url, CLAIM)),
    withServer(
      'budget-b-trusting',
      { LLMCOST_BUDGET_FILE: BUDGET, LLMCOST_BUDGET_TRUSTED_BAGGAGE: 'user.id,llmcost.tier' },
      (url) => post('claim-trusted', url, CLAIM),
    ),
  ]);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

/** B's LLM span in the trace of client run `name`. */
const bSpanFor = (name: string): ReceivedSpan => {
  const traces = new Set(h.spans(name).map((s) => s.traceId));
  const spans = h.llmSpans('service-b').filter((s) => traces.has(s.traceId));
  expect(spans).toHaveLength(1);
  return spans[0]!;
};
const response = (name: string) => JSON.parse(clients.get(name)!.stdout.trim());

describe('W3C baggage and trace context between two processes', () => {
  it('every process exits cleanly', () => {
    for (const r of [...clients.values(), ...servers.values()]) {
      expect(r.stderr).toBe('');
    }
    for (const r of clients.values()) expect(r.code).toBe(0);
    expect(answers.get('hostile')!.status).toBe(200);
  });

  it("to a listed host: B's LLM span carries A's user, feature and tier, in A's trace", () => {
    const span = bSpanFor('a-listed');
    expect(span.attributes['user.id']).toBe('user-from-a');
    expect(span.attributes['llmcost.feature']).toBe('meeting-notes');
    expect(span.attributes['llmcost.tier']).toBe('pro');
    expect(span.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
    expect(response('a-listed').attribution).toEqual({
      feature: 'meeting-notes',
      userId: 'user-from-a',
      tier: 'pro',
    });
  });

  it('to a host not listed (the default: none), no attribution entry leaves A; trace context still does', () => {
    const span = bSpanFor('a-unlisted');
    for (const key of ['user.id', 'user.hash', 'llmcost.feature', 'llmcost.tier'])
      expect(span.attributes[key]).toBeUndefined();
    expect(response('a-unlisted').attribution).toEqual({});
  });

  it('with LLMCOST_USER_ID_HASH, only the pseudonym leaves A: B records it as user.hash', () => {
    const span = bSpanFor('a-hashed');
    expect(span.attributes['user.id']).toBeUndefined();
    expect(span.attributes['user.hash']).toBe(hashUserId('user-from-a', 'pepper'));
    expect(response('a-hashed').attribution).toEqual({
      feature: 'meeting-notes',
      userHash: hashUserId('user-from-a', 'pepper'),
      tier: 'pro',
    });
  });

  it('the LLM provider receives no baggage and no trace context from B', () => {
    expect(h.mock.requests.length).toBeGreaterThan(0);
    for (const q of h.mock.requests) {
      expect(q.headers.baggage).toBeUndefined();
      expect(q.headers.traceparent).toBeUndefined();
    }
  });

  it('ignores oversized and control-character baggage values from an untrusted caller', () => {
    const hostile = h
      .llmSpans('service-b')
      .filter((s) => !h.spans('a-listed').some((a) => a.traceId === s.traceId))
      .filter((s) => s.attributes['llmcost.tier'] === 'gold');
    expect(hostile).toHaveLength(1);
    const attrs = hostile[0]!.attributes;
    expect(attrs['user.id']).toBeUndefined();
    expect(attrs['llmcost.feature']).toBeUndefined();
  });
});

describe("a client's baggage and B's budget (examples/express-baggage with LLMCOST_BUDGET_FILE)", () => {
  it('a claimed tier and a fresh user id do not lift the budget: the call falls in the anonymous bucket', () => {
    const { status, body } = answers.get('claim')!;
    expect(status).toBe(502);
    expect(body).toMatch(/BudgetExceededError: budget exceeded: user anonymous hourly cap/);
    const [span] = h.llmSpans('budget-b');
    expect(span!.attributes['llmcost.budget.decision']).toBe('rejected');
    expect(span!.attributes['llmcost.tier']).toBe('enterprise'); // still shown, for reporting
  });

  it('LLMCOST_BUDGET_TRUSTED_BAGGAGE=user.id,llmcost.tier: the same claim is honoured', () => {
    expect(answers.get('claim-trusted')!.status).toBe(200);
    expect(h.llmSpans('budget-b-trusting')[0]!.attributes['llmcost.budget.decision']).toBe('allowed');
  });
});
