// Bedrock Runtime wire format (the real @aws-sdk/client-bedrock-runtime drives these routes in
// packages/otel/src/bedrock and the out-of-process matrix); here: paths, bodies, the event-stream framing checked
// against a stream recorded from Bedrock, errors, and HTTP/2 on the same port.
import { readFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessages } from '../src/bedrock/event-stream.js';
import { route } from '../src/routes.js';
import { startMockLlm } from '../src/server.js';
import type { MockLlmServer } from '../src/types.js';

let mock: MockLlmServer;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const model = (id: string, verb: string) => `/model/${encodeURIComponent(id)}/${verb}`;
const messages = [{ role: 'user', content: [{ text: 'Why is the sky blue?' }] }];
const events = async (res: Response) =>
  decodeMessages(new Uint8Array(await res.arrayBuffer())).map((m) => ({
    type: m.headers[':event-type'],
    headers: Object.keys(m.headers).sort(),
    body: JSON.parse(m.body),
  }));

// A ConverseStream response recorded from Bedrock (amazon.nova-micro-v1:0) by the pydantic-ai test suite:
// https://github.com/pydantic/pydantic-ai/blob/111dda9bcd3bb8542d24be815343c17ca133e4e8/tests/models/cassettes/test_bedrock/test_bedrock_model_stream.yaml
const recorded = decodeMessages(
  Buffer.from(
    readFileSync(new URL('./fixtures/bedrock-converse-stream-recorded.b64', import.meta.url), 'utf8'),
    'base64',
  ),
);

describe('Bedrock routes', () => {
  it.each([
    ['converse', 'converse', false],
    ['converse-stream', 'converse', true],
    ['invoke', 'invoke', false],
    ['invoke-with-response-stream', 'invoke', true],
  ] as const)('POST /model/{id}/%s', (verb, operation, stream) => {
    expect(route('POST', model('us.anthropic.claude-sonnet-4-5-20250929-v1:0', verb), {})).toEqual({
      provider: 'bedrock',
      operation,
      modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      stream,
    });
  });

  it('Converse: usage adds up (inputTokens excludes the cache), maxTokens caps the answer', async () => {
    const res = await post(model('amazon.nova-micro-v1:0', 'converse'), {
      messages,
      inferenceConfig: { maxTokens: 7 },
    });
    const body: any = await res.json();
    expect(body.stopReason).toBe('max_tokens');
    expect(body.usage.outputTokens).toBeLessThanOrEqual(7);
    expect(body.usage.totalTokens).toBe(body.usage.inputTokens + body.usage.outputTokens);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ConverseStream: framed like the recorded stream (same headers, event order, `p` padding)', async () => {
    const res = await post(model('amazon.nova-micro-v1:0', 'converse-stream'), { messages });
    expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const ours = await events(res);
    const theirs = recorded.map((m) => ({
      type: m.headers[':event-type'],
      headers: Object.keys(m.headers).sort(),
      body: JSON.parse(m.body),
    }));
    const shape = (list: typeof ours) => [...new Set(list.map((e) => e.type))];
    expect(shape(ours)).toEqual(shape(theirs));
    expect(ours.map((e) => e.headers)).toEqual(ours.map(() => theirs[0]!.headers));
    for (const e of ours) expect(e.body.p).toMatch(/^[a-zA-Z0-9]+$/);
    const metadata = ours.at(-1)!.body;
    expect(Object.keys(metadata.usage).sort()).toEqual(
      Object.keys(theirs.at(-1)!.body.usage)
        .filter((k) => k !== 'serverToolUsage')
        .sort(),
    );
  });

  it('InvokeModelWithResponseStream: vendor events in chunk bytes, invocation metrics on the last', async () => {
    const res = await post(
      model('us.anthropic.claude-haiku-4-5-20251001-v1:0', 'invoke-with-response-stream'),
      {
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 30,
        messages: [{ role: 'user', content: 'Hi' }],
      },
    );
    const chunks = (await events(res)).map((e) => {
      expect(e.type).toBe('chunk');
      return JSON.parse(Buffer.from(e.body.bytes, 'base64').toString('utf8'));
    });
    expect(chunks.map((c) => c.type)).toEqual(
      expect.arrayContaining(['message_start', 'message_delta', 'message_stop']),
    );
    const start = chunks[0].message;
    expect(start.model).toBe('claude-haiku-4-5-20251001');
    const metrics = chunks.at(-1)['amazon-bedrock-invocationMetrics'];
    expect(metrics.inputTokenCount).toBe(start.usage.input_tokens);
    expect(metrics.outputTokenCount).toBe(chunks.find((c) => c.type === 'message_delta').usage.output_tokens);
  });

  it('errors: the Bedrock body and the x-amzn-errortype header the SDK reads the exception from', async () => {
    const res = await post(
      model('amazon.nova-micro-v1:0', 'converse'),
      { messages },
      { 'x-mock-error': '429' },
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^ThrottlingException:/);
    expect(await res.json()).toEqual({ message: expect.any(String) });
  });

  it('speaks HTTP/2 with prior knowledge on the same port (the AWS SDK’s Bedrock client does)', async () => {
    const session = connect(mock.url);
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const req = session.request({
          ':method': 'POST',
          ':path': model('meta.llama3-1-8b-instruct-v1:0', 'invoke'),
          'content-type': 'application/json',
        });
        let out = '';
        req.setEncoding('utf8');
        req.on('data', (d: string) => {
          out += d;
        });
        req.on('end', () => resolve(out));
        req.on('error', reject);
        req.end(JSON.stringify({ prompt: 'Hi', max_gen_len: 5 }));
      });
      expect(JSON.parse(text)).toMatchObject({
        stop_reason: 'length',
        generation_token_count: expect.any(Number),
      });
      expect(mock.requests.at(-1)).toMatchObject({
        provider: 'bedrock',
        operation: 'invoke',
        model: 'meta.llama3-1-8b-instruct-v1:0',
      });
    } finally {
      session.close();
    }
  });
});
