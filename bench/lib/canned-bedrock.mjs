// An in-process request handler for @aws-sdk/client-bedrock-runtime (the client's `requestHandler` option)
// answering Converse and ConverseStream with canned, realistic responses, the same answer as canned-openai.mjs
// (9 pieces, 24 prompt and 12 output tokens). No socket, no HTTP/2 session: what remains is the client's (signing,
// middleware, (de)serialization) and the instrumentation's own CPU. The stream is AWS event-stream framing made
// with the codec the SDK itself decodes with (@smithy/core, resolved from the client's own dependencies).
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

const WORDS = ['Hook', ' Head', ',', ' Tower', ' of', ' Hercules', ',', ' Eddystone', '.'];
const USAGE = { inputTokens: 24, outputTokens: 12, totalTokens: 36 };

export function cannedBedrockHandler() {
  const clientRequire = createRequire(
    createRequire(import.meta.url).resolve('@aws-sdk/client-bedrock-runtime'),
  );
  const { EventStreamCodec } = clientRequire('@smithy/core/event-streams');
  const codec = new EventStreamCodec(
    (bytes) => Buffer.from(bytes).toString('utf8'),
    (text) => Buffer.from(text, 'utf8'),
  );
  const str = (value) => ({ type: 'string', value });
  const event = (type, payload) =>
    codec.encode({
      headers: {
        ':event-type': str(type),
        ':content-type': str('application/json'),
        ':message-type': str('event'),
      },
      body: Buffer.from(JSON.stringify({ ...payload, p: 'abcdefgh' })),
    });
  const json = Buffer.from(
    JSON.stringify({
      output: { message: { role: 'assistant', content: [{ text: WORDS.join('') }] } },
      stopReason: 'end_turn',
      usage: USAGE,
      metrics: { latencyMs: 420 },
    }),
  );
  const frames = [
    event('messageStart', { role: 'assistant' }),
    ...WORDS.map((text) => event('contentBlockDelta', { contentBlockIndex: 0, delta: { text } })),
    event('contentBlockStop', { contentBlockIndex: 0 }),
    event('messageStop', { stopReason: 'end_turn' }),
    event('metadata', { usage: USAGE, metrics: { latencyMs: 420 } }),
  ];
  const headers = (type) => ({ 'content-type': type, 'x-amzn-requestid': 'bench-request-id' });
  return {
    handle: async (request) => ({
      response: request.path.endsWith('/converse-stream')
        ? {
            statusCode: 200,
            headers: headers('application/vnd.amazon.eventstream'),
            body: Readable.from(frames),
          }
        : { statusCode: 200, headers: headers('application/json'), body: json },
    }),
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}
