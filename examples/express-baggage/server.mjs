// A downstream service (plain node:http, no framework) that calls an LLM on behalf of whoever called it.
// It sets no attribution itself: the caller's `withLlmContext` travels as W3C baggage in the request headers,
// the register hook's HTTP instrumentation puts it in this request's context, and the LLM span here carries
// the caller's user and feature. Run both under the hook; the caller sends its attribution only to the hosts it
// lists (your own services; never, by default, to anyone):
//
//   PORT=3000 OPENAI_BASE_URL=http://127.0.0.1:8787/v1 OPENAI_API_KEY=dummy \
//     node --import @llmcost/otel/register examples/express-baggage/server.mjs
//   SERVER_URL=http://127.0.0.1:3000 LLMCOST_BAGGAGE_PROPAGATE_TO=127.0.0.1 \
//     node --import @llmcost/otel/register examples/express-baggage/client.mjs
//
// Baggage is untrusted input (anyone can send the header): values longer than 128 characters or containing
// control or format characters are ignored, and with LLMCOST_USER_ID_HASH the caller sends only `user.hash`.
// With LLMCOST_BUDGET_FILE here, baggage does not choose budget caps (a client could claim any tier or a new
// user id per call: such calls count against the anonymous bucket) unless LLMCOST_BUDGET_TRUSTED_BAGGAGE lists
// the keys, which you do only when your edge strips the header from outside clients.
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
