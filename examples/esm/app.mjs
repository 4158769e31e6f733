// An ESM app with no llmcost code but the attribution call. Run it under the register hook:
//
//   npx mock-llm --port 8787 &                        # or a real key and no OPENAI_BASE_URL
//   OPENAI_BASE_URL=http://127.0.0.1:8787/v1 OPENAI_API_KEY=dummy LLMCOST_SUMMARY=stderr \
//     OTEL_TRACES_EXPORTER=console OTEL_METRICS_EXPORTER=none \
//     node --import @llmcost/otel/register examples/esm/app.mjs
import { withLlmContext } from '@llmcost/otel';
import OpenAI from 'openai';

const client = new OpenAI();

await withLlmContext({ feature: 'faq-bot', userId: 'user-123', tier: 'free' }, async () => {
  const answer = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'What does llmcost measure?' }],
  });
  console.log(answer.choices[0]?.message.content);
});
