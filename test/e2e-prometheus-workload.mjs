// Workload of test/e2e-prometheus.test.ts, run as `node --import @llmcost/otel/register` against mock-llm.
// Commands on stdin, one per line, each answered on stdout with `done <command> <calls>`:
//   round  a mix that gives every dashboard panel data: chat, streamed chat, a truncated answer, cached input,
//          a failed call, a model the price table does not know, an Anthropic call, a call the budget rejects
//   spike  one power user sending 50,000-token documents (crosses the per-user hourly spike threshold)
//   unpriced  10 calls to a model the price table does not know (LLMUnpricedCalls needs 10 in an hour)
import { createInterface } from 'node:readline';
import Anthropic from '@anthropic-ai/sdk';
import { withLlmContext } from '@llmcost/otel';
import OpenAI from 'openai';

const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: 'mock-key', maxRetries: 0 });
const anthropic = new Anthropic({
  baseURL: process.env.ANTHROPIC_BASE_URL,
  apiKey: 'mock-key',
  maxRetries: 0,
});
const ask = (content) => [{ role: 'user', content }];
const document = (tokens) => 'revenue growth risk market customer '.repeat(Math.ceil(tokens / 5));

/** Runs one call; an error (expected for the failing and rejected calls) is swallowed, counted by telemetry. */
const call = async (context, fn) => {
  try {
    await withLlmContext(context, fn);
  } catch {
    // recorded by the instrumentation (error.type, rejections)
  }
};

async function round() {
  const user = { userId: 'user-ana', tier: 'pro' };
  await call({ feature: 'support-chat', ...user }, () =>
    openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 100,
      messages: ask('Reset my password?'),
    }),
  );
  await call({ feature: 'support-chat', ...user }, async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 100,
      stream: true,
      stream_options: { include_usage: true },
      messages: ask('Export invoices?'),
    });
    for await (const _ of stream);
  });
  await call({ feature: 'summarise', ...user }, () =>
    openai.chat.completions.create(
      { model: 'gpt-4o', max_tokens: 50, messages: ask(document(2_000)) },
      { headers: { 'x-mock-finish': 'length', 'x-mock-cached-tokens': '1024' } },
    ),
  );
  await call({ feature: 'summarise', ...user }, () =>
    openai.chat.completions.create(
      { model: 'gpt-4o', max_tokens: 50, messages: ask('fail') },
      { headers: { 'x-mock-error': '500' } },
    ),
  );
  await call({ feature: 'experimental', ...user }, () =>
    openai.chat.completions.create({ model: 'acme-private-llm-1', max_tokens: 50, messages: ask('hello') }),
  );
  await call({ feature: 'summarise', ...user }, () =>
    anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: ask('Summarise this.'),
    }),
  );
  // the free tier's hourly cap (see the test's budget file) is below any call's worst case: rejected
  await call({ feature: 'support-chat', userId: 'user-free', tier: 'free' }, () =>
    openai.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 100, messages: ask('Hi') }),
  );
  return 7;
}

async function spike() {
  const context = { feature: 'deep-analysis', userId: 'power-user-42', tier: 'pro' };
  for (let i = 0; i < 3; i++) {
    await call(context, () =>
      openai.chat.completions.create({ model: 'gpt-4o', max_tokens: 500, messages: ask(document(50_000)) }),
    );
  }
  return 3;
}

async function unpriced() {
  for (let i = 0; i < 10; i++) {
    await call({ feature: 'experimental', userId: 'user-bo', tier: 'pro' }, () =>
      openai.chat.completions.create({
        model: 'acme-private-llm-1',
        max_tokens: 20,
        messages: ask(`hello ${i}`),
      }),
    );
  }
  return 10;
}

const commands = { round, spike, unpriced };
for await (const line of createInterface({ input: process.stdin })) {
  const command = commands[line.trim()];
  if (!command) continue;
  const calls = await command();
  console.log(`done ${line.trim()} ${calls}`);
}
