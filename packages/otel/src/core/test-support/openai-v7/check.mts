// Runs under Node 22 (openai 7 requires it), spawned by src/openai/openai-v7.test.ts: the same instrumentation
// against the real openai 7 package and mock-llm. Prints one JSON object of findings; the test asserts on it.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startMockLlm } from '@llmcost/mock-llm';
import { OpenAIInstrumentation } from '../../../openai/index.js';
import { TestGuard } from '../test-guard.js';

const otel = createRequire(fileURLToPath(new URL('../../../../package.json', import.meta.url)));
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = otel(
  '@opentelemetry/sdk-trace-base',
);
const instrumentation = new OpenAIInstrumentation();
const exporter = new InMemorySpanExporter();
instrumentation.setTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);
const fixture = fileURLToPath(
  new URL('../../../../../../test/fixtures/openai-v7/package.json', import.meta.url),
);
const sdk = createRequire(fixture)('openai');
const mock = await startMockLlm();
const client = new sdk.OpenAI({ apiKey: 'sk-v7', baseURL: `${mock.url}/v1`, maxRetries: 0 });
const messages = [{ role: 'user', content: 'hello there' }];
const spans = () => {
  const out = exporter.getFinishedSpans().map((s: any) => ({ name: s.name, attributes: s.attributes }));
  exporter.reset();
  return out;
};
const out: Record<string, unknown> = { node: process.version };
try {
  const chat = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  out.chat = { usage: chat.usage, spans: spans() };
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  let usage: unknown;
  for await (const chunk of stream) usage = chunk.usage ?? usage;
  out.chatStream = { usage, spans: spans() };
  const final = await client.chat.completions
    .stream({ model: 'gpt-4o-mini', messages })
    .finalChatCompletion();
  out.streamHelper = { content: final.choices[0].message.content, spans: spans() };
  const parsed = await client.chat.completions.parse({ model: 'gpt-4o-mini', messages });
  out.parse = { hasParsed: 'parsed' in parsed.choices[0].message, spans: spans() };
  const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
  out.responses = { usage: response.usage, spans: spans() };
  const embeddings = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
  out.embeddings = { usage: embeddings.usage, spans: spans() };
  const { response: raw } = await client.chat.completions
    .create({ model: 'gpt-4o-mini', messages })
    .withResponse();
  out.withResponse = { status: raw.status, spans: spans() };
  instrumentation.setConfig({ budgetGuard: new TestGuard({ maxInputChars: 5 }) });
  mock.resetRequests();
  const rejected = await client.chat.completions
    .create({ model: 'gpt-4o', messages })
    .catch((e: Error) => e.constructor.name);
  out.budgetReject = { rejected, requests: mock.requests.length, spans: spans() };
  instrumentation.setConfig({
    budgetGuard: new TestGuard({ downgradeTo: 'gpt-4o-mini', clampOutputTokens: 9 }),
  });
  mock.resetRequests();
  await client.chat.completions.create({ model: 'gpt-4o', messages, max_completion_tokens: 100 });
  out.budgetDowngrade = { sent: mock.requests[0]?.body, spans: spans() };
  instrumentation.setConfig({});
  const azure = new sdk.AzureOpenAI({
    apiKey: 'k',
    endpoint: mock.url,
    apiVersion: '2024-10-21',
    maxRetries: 0,
  });
  await azure.chat.completions.create({ model: 'prod-chat', messages });
  out.azure = { spans: spans() };
} finally {
  await mock.close();
}
process.stdout.write(JSON.stringify(out));
