// A small HTTP service that answers questions with an LLM, guarded by @llmcost/budget used on its own:
// reserve the worst case before the call, settle the actual cost after it (also when the call fails).
// POST /ask {"question": "...", "feature": "chat" | "deep-analysis", "maxTokens": 300, "mockOutputTokens": 200}
//   headers: x-user-id, x-user-tier (free | pro | enterprise)
// With `node --import @llmcost/otel/register` and LLMCOST_BUDGET_FILE the instrumentation does the same
// around every openai call by itself; this file shows the guard's own API.
import { createServer } from 'node:http';
import { BudgetExceededError, createBudgetGuard } from '@llmcost/budget';
import { computeCost } from '@llmcost/pricing';
import OpenAI from 'openai';

const MODEL = 'gpt-4o';

export function createApp({ budgetFile, llmBaseUrl }) {
  const guard = createBudgetGuard(budgetFile);
  const openai = new OpenAI({ baseURL: llmBaseUrl, apiKey: 'sk-example', maxRetries: 0 });

  async function ask(body, user, tier) {
    const messages = [
      { role: 'system', content: 'You are a concise analyst.' },
      { role: 'user', content: String(body.question ?? '') },
    ];
    const request = {
      provider: 'openai',
      model: MODEL,
      feature: body.feature ?? 'chat',
      userId: user,
      tier,
      inputText: () => JSON.stringify(messages),
      maxOutputTokens: body.maxTokens ?? 300,
    };
    const decision = await guard.reserve(request);
    if (decision.decision === 'rejected') return { status: 429, error: decision.error };
    const model = decision.decision === 'downgraded' ? decision.model : MODEL;
    try {
      const completion = await openai.chat.completions.create(
        { model, messages, max_tokens: decision.maxOutputTokens ?? request.maxOutputTokens },
        // mock-llm: how many tokens to answer with (a real API decides by itself).
        { headers: { 'x-mock-output-tokens': String(body.mockOutputTokens ?? 200) } },
      );
      const usage = {
        inputTokens: completion.usage.prompt_tokens,
        outputTokens: completion.usage.completion_tokens,
      };
      const cost = computeCost(usage, completion.model, { provider: 'openai' });
      // The output length teaches the guard what this feature's calls produce (expected-cost reservations).
      await guard.settle(decision.reservation, cost.totalUsd, { outputTokens: usage.outputTokens });
      return {
        status: 200,
        body: {
          model: completion.model,
          decision: decision.decision,
          costUsd: cost.totalUsd,
          answer: completion.choices[0]?.message.content,
        },
      };
    } catch (err) {
      // The provider failed before answering: nothing was spent; refund the reservation (0, not undefined:
      // an unknown cost keeps the reserved amount as spent).
      await guard.settle(decision.reservation, 0);
      return { status: 502, body: { error: err.message } };
    }
  }

  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/ask') {
      res.writeHead(404).end();
      return;
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const user = req.headers['x-user-id'];
    const tier = req.headers['x-user-tier'];
    const result = await ask(JSON.parse(raw || '{}'), user, tier);
    if (result.error instanceof BudgetExceededError) {
      const e = result.error;
      const headers = { 'content-type': 'application/json' };
      if (e.retryAfterSeconds !== undefined) headers['retry-after'] = String(e.retryAfterSeconds);
      res.writeHead(429, headers);
      res.end(
        JSON.stringify({
          error: e.message,
          reason: e.reason,
          scope: e.scope,
          retryAfterSeconds: e.retryAfterSeconds,
        }),
      );
      return;
    }
    res.writeHead(result.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result.body));
  });

  return {
    async listen() {
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${server.address().port}`;
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await guard.close();
    },
  };
}
