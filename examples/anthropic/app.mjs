// Anthropic, plain and streamed. Against mock-llm:
//   ANTHROPIC_BASE_URL=http://127.0.0.1:8787 ANTHROPIC_API_KEY=dummy LLMCOST_SUMMARY=stderr \
//     OTEL_TRACES_EXPORTER=console OTEL_METRICS_EXPORTER=none \
//     node --import @llmcost/otel/register examples/anthropic/app.mjs
import Anthropic from '@anthropic-ai/sdk';
import { withLlmContext } from '@llmcost/otel';

const client = new Anthropic();

await withLlmContext({ feature: 'contract-review', userId: 'user-789', tier: 'enterprise' }, async () => {
  const message = await client.messages.create({
    model: 'claude-haiku-4-5',
    max_tokens: 200,
    messages: [{ role: 'user', content: 'List three clauses to check in a SaaS contract.' }],
  });
  console.log(message.content[0]?.type === 'text' ? message.content[0].text : '');

  const stream = client.messages.stream({
    model: 'claude-sonnet-4-6',
    max_tokens: 200,
    messages: [{ role: 'user', content: 'And three red flags?' }],
  });
  stream.on('text', (text) => process.stdout.write(text));
  await stream.finalMessage();
  process.stdout.write('\n');
});
