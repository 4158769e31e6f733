// A CommonJS app. Either form works:
//   node --require @llmcost/otel/register examples/cjs/app.cjs
//   node --import  @llmcost/otel/register examples/cjs/app.cjs
// (with OPENAI_BASE_URL / OPENAI_API_KEY as in examples/esm)
const { withLlmContext } = require('@llmcost/otel');
const { OpenAI } = require('openai');

const client = new OpenAI();

withLlmContext({ feature: 'ticket-triage', userId: 'user-456' }, async () => {
  const result = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 50,
    messages: [{ role: 'user', content: 'Classify: "my invoice is wrong"' }],
  });
  console.log(result.choices[0]?.message.content);
});
