// A downstream service (plain node:http, no framework) that calls an LLM on behalf of whoever called it.
// It sets no attribution itself: the caller's `withLlmContext` travels as W3C baggage in the request headers,
// the register hook's HTTP instrumentation puts it in this request's context, and the LLM span here carries
// the caller's user and feature. Run both under the hook:
//
//   PORT=3000 OPENAI_BASE_URL=http://127.0.0.1:8787/v1 OPENAI_API_KEY=dummy \
//     node --import @llmcost/otel/register examples/express-baggage/server.mjs
//   SERVER_URL=http://127.0.0.1:3000 node --import @llmcost/otel/register examples/express-baggage/client.mjs
//
// Baggage is untrusted input (anyone can send the header): values longer than 128 characters or containing
// control characters are ignored, and LLMCOST_USER_ID_HASH turns user ids into keyed hashes.
import { createServer } from 'node:http';
import { getLlmContext } from '@llmcost/otel';
import OpenAI from 'openai';

const client = new OpenAI();

const server = createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/summarise') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  try {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 60,
      messages: [{ role: 'user', content: `Summarise: ${body}` }],
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    // Echo the attribution this service received, to show (and test) what crossed the wire.
    res.end(
      JSON.stringify({ summary: completion.choices[0]?.message.content, attribution: getLlmContext() }),
    );
  } catch (err) {
    res.writeHead(502).end(String(err));
  }
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`READY http://127.0.0.1:${server.address().port}`);
});
// Stop cleanly on SIGTERM (the register hook flushes telemetry first).
process.on('SIGTERM', () => server.close());
