import { type Exchange, InvalidRequest, nowSeconds, numberField } from '../exchange.js';
import { hexId, randomId, sendJson } from '../http.js';
import { openStream } from '../sse.js';
import { countMessages, countText } from '../tokens.js';
import { exampleArguments, pickTool, structuredText, type ToolChoice, type ToolSpec } from '../tool-call.js';
import { chatUsage, planOutput, splitPieces } from './output-plan.js';
import { servedTier } from './service-tier.js';

// POST /v1/chat/completions. https://platform.openai.com/docs/api-reference/chat
// Mistral's API serves the same path (https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post):
// a request for a Mistral model is answered in Mistral's shape (`mistralShape`).

/**
 * Mistral model ids (`mistral-small-latest`, `open-mixtral-8x7b`, `codestral-embed`, `ft:open-mistral-7b:...`):
 * answered as api.mistral.ai answers, which the Mistral SDK (`serverURL`) and an openai client on Mistral's
 * host both read.
 */
export const isMistralModel = (model: string): boolean =>
  /^(ft:)?(open-)?(mistral|mixtral|ministral|codestral|pixtral|magistral|devstral|voxtral)/i.test(model);

/**
 * Mistral's usage (recorded live: https://github.com/vercel/ai/blob/1d59af4caf524f7758965ebd7584a2db49b64752/packages/mistral/src/__fixtures__/mistral-usage-raw-live.json):
 * OpenAI's counts, cached input in `prompt_tokens_details`, no completion details (a reasoning model's thinking is
 * text in the answer, counted in `completion_tokens`).
 */
function mistralUsage(usage: ReturnType<typeof chatUsage>) {
  const { prompt_tokens, completion_tokens, total_tokens } = usage;
  const cached_tokens = usage.prompt_tokens_details.cached_tokens;
  return { prompt_tokens, total_tokens, completion_tokens, prompt_tokens_details: { cached_tokens } };
}

interface Choice {
  index: number;
  content: string | null;
  pieces: string[];
  toolCall?: { id: string; name: string; arguments: string };
  finishReason: string;
  completionTokens: number;
  reasoningTokens: number;
}

function toolsOf(body: Record<string, unknown>): ToolSpec[] {
  const tools = Array.isArray(body.tools) ? (body.tools as Record<string, unknown>[]) : [];
  return tools
    .map((t) => (t?.function ?? {}) as Record<string, unknown>)
    .filter((f) => typeof f.name === 'string')
    .map((f) => ({ name: f.name as string, schema: f.parameters }));
}

function toolChoiceOf(body: Record<string, unknown>): ToolChoice {
  const choice = body.tool_choice as unknown;
  if (choice === 'none') return { required: false, none: true };
  if (choice === 'required') return { required: true, none: false };
  if (choice && typeof choice === 'object') {
    const name = ((choice as Record<string, unknown>).function as Record<string, unknown> | undefined)?.name;
    if (typeof name === 'string') return { required: true, name, none: false };
  }
  return { required: false, none: false };
}

// Azure runs its content filter on every call and reports it in the body (and in a first stream chunk
// with `choices: []`, which clients must tolerate).
const SAFE = { filtered: false, severity: 'safe' };
const CONTENT_FILTER = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
const PROMPT_FILTER = [{ prompt_index: 0, content_filter_results: CONTENT_FILTER }];

const SERVER_ERROR = {
  message: 'The server had an error while processing your request. Sorry about that!',
  type: 'server_error',
  param: null,
  code: null,
};

function buildChoices(ex: Exchange, n: number): Choice[] {
  const cap = numberField(ex.body, 'max_completion_tokens') ?? numberField(ex.body, 'max_tokens');
  const tool = pickTool(toolsOf(ex.body), toolChoiceOf(ex.body), ex.scenario);
  const forcedByName = toolChoiceOf(ex.body).name !== undefined;
  const json = structuredText(ex.body.response_format);
  const choices: Choice[] = [];
  for (let index = 0; index < n; index++) {
    const plan = planOutput(ex.responseModel, ex.scenario, cap, index, ex.answer);
    if (tool) {
      const args = JSON.stringify(exampleArguments(tool));
      const toolTokens = countText(tool.name, ex.responseModel) + countText(args, ex.responseModel);
      choices.push({
        index,
        content: null,
        pieces: splitPieces(args),
        toolCall: { id: randomId('call_', 24), name: tool.name, arguments: args },
        // OpenAI reports `stop`, not `tool_calls`, when tool_choice named the function.
        finishReason: ex.scenario.finish ?? (forcedByName ? 'stop' : 'tool_calls'),
        completionTokens: toolTokens + plan.reasoningTokens,
        reasoningTokens: plan.reasoningTokens,
      });
      continue;
    }
    if (json !== undefined) {
      // Structured output is never cut short: a truncated JSON document would help no test.
      choices.push({
        index,
        content: json,
        pieces: splitPieces(json),
        finishReason: ex.scenario.finish ?? 'stop',
        completionTokens: countText(json, ex.responseModel) + plan.reasoningTokens,
        reasoningTokens: plan.reasoningTokens,
      });
      continue;
    }
    choices.push({
      index,
      content: plan.text.text,
      pieces: plan.text.pieces,
      finishReason: ex.scenario.finish ?? (plan.truncated ? 'length' : 'stop'),
      completionTokens: plan.text.tokens + plan.reasoningTokens,
      reasoningTokens: plan.reasoningTokens,
    });
  }
  return choices;
}

export async function handleChat(ex: Exchange): Promise<void> {
  const messages = ex.body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new InvalidRequest("Invalid 'messages': expected a non-empty array of messages.");
  }
  const n = numberField(ex.body, 'n') ?? 1;
  if (n < 1 || n > 128) throw new InvalidRequest(`Invalid 'n': expected 1 to 128, got ${n}.`);
  const tools = Array.isArray(ex.body.tools) ? (ex.body.tools as unknown[]) : undefined;
  const promptTokens = countMessages({ messages, ...(tools ? { tools } : {}) }, ex.responseModel);
  const choices = buildChoices(ex, n);
  const completion = choices.reduce((sum, c) => sum + c.completionTokens, 0);
  const reasoning = choices.reduce((sum, c) => sum + c.reasoningTokens, 0);
  const mistral = isMistralModel(ex.model);
  const openaiUsage = chatUsage(promptTokens, completion, reasoning, ex.scenario);
  const usage = mistral ? mistralUsage(openaiUsage) : openaiUsage;
  const azure = ex.route.provider === 'azure';
  const common = mistral
    ? { id: hexId('', 16), created: nowSeconds(), model: ex.responseModel }
    : {
        id: randomId('chatcmpl-', 29),
        created: nowSeconds(),
        model: ex.responseModel,
        ...(azure ? {} : { service_tier: servedTier(ex.body) }),
        system_fingerprint: hexId('fp_', 5),
      };

  if (ex.body.stream !== true) {
    sendJson(ex.res, 200, ex.headers, {
      ...common,
      object: 'chat.completion',
      choices: choices.map((c) => ({
        index: c.index,
        message: {
          role: 'assistant',
          content: c.content,
          ...(mistral ? { tool_calls: null } : { refusal: null, annotations: [] }),
          ...(c.toolCall
            ? {
                tool_calls: [
                  {
                    id: c.toolCall.id,
                    type: 'function',
                    function: { name: c.toolCall.name, arguments: c.toolCall.arguments },
                  },
                ],
              }
            : {}),
        },
        ...(mistral ? {} : { logprobs: null }),
        finish_reason: c.finishReason,
        ...(azure ? { content_filter_results: CONTENT_FILTER } : {}),
      })),
      ...(ex.scenario.noUsage ? {} : { usage }),
      ...(azure ? { prompt_filter_results: PROMPT_FILTER } : {}),
    });
    return;
  }

  const includeUsage =
    !mistral && (ex.body.stream_options as Record<string, unknown> | undefined)?.include_usage === true;
  // With include_usage every chunk carries `usage: null` and a last chunk with `choices: []` carries the usage.
  const chunk = (chunkChoices: unknown[]) => ({
    ...common,
    object: 'chat.completion.chunk',
    choices: chunkChoices,
    ...(includeUsage ? { usage: null } : {}),
  });
  const delta = (index: number, d: Record<string, unknown>, finish: string | null = null) => ({
    index,
    delta: d,
    ...(mistral ? {} : { logprobs: null }),
    finish_reason: finish,
  });

  // A failed chat stream carries the error object in a data line; the SDK raises it as APIError.
  const sse = await openStream(ex, { data: { error: SERVER_ERROR } });
  if (azure)
    await sse.send({ ...chunk([]), id: '', created: 0, model: '', prompt_filter_results: PROMPT_FILTER });
  for (const c of choices) {
    const first = c.toolCall
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              index: 0,
              id: c.toolCall.id,
              type: 'function',
              function: { name: c.toolCall.name, arguments: '' },
            },
          ],
          refusal: null,
        }
      : { role: 'assistant', content: '', ...(mistral ? {} : { refusal: null }) };
    await sse.send(chunk([delta(c.index, first)]));
  }
  const longest = Math.max(...choices.map((c) => c.pieces.length));
  for (let i = 0; i < longest && sse.alive; i++) {
    for (const c of choices) {
      const piece = c.pieces[i];
      if (piece === undefined) continue;
      const d = c.toolCall
        ? { tool_calls: [{ index: 0, function: { arguments: piece } }] }
        : { content: piece };
      await sse.send(chunk([delta(c.index, d)]));
    }
  }
  // Mistral always reports usage, on the last finish chunk (no `stream_options`).
  const last = choices.at(-1);
  for (const c of choices) {
    const finish = chunk([delta(c.index, {}, c.finishReason)]);
    await sse.send(mistral && c === last && !ex.scenario.noUsage ? { ...finish, usage } : finish);
  }
  if (includeUsage && !mistral && !ex.scenario.noUsage) await sse.send({ ...chunk([]), usage });
  await sse.send('[DONE]');
  sse.end();
}
