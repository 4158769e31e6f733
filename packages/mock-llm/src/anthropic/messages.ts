import { type Exchange, InvalidRequest, numberField } from '../exchange.js';
import { randomId, sendJson } from '../http.js';
import { splitPieces } from '../openai/output-plan.js';
import { openStream } from '../sse.js';
import { fixedText, type GeneratedText, generateText } from '../text.js';
import { countMessages, countText } from '../tokens.js';
import { exampleArguments, pickTool, type ToolChoice, type ToolSpec } from '../tool-call.js';
import type { CacheAccount } from './prompt-cache.js';

// POST /v1/messages. https://docs.anthropic.com/en/api/messages and
// https://docs.anthropic.com/en/docs/build-with-claude/streaming (event sequence).

const STOP_REASONS: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

export type Block =
  | { type: 'text'; text: GeneratedText }
  | { type: 'thinking'; text: GeneratedText; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown>; json: string };

function toolsOf(body: Record<string, unknown>): ToolSpec[] {
  const tools = Array.isArray(body.tools) ? (body.tools as Record<string, unknown>[]) : [];
  return tools
    .filter((t) => typeof t?.name === 'string')
    .map((t) => ({ name: t.name as string, schema: t.input_schema }));
}

function toolChoiceOf(body: Record<string, unknown>): ToolChoice {
  const choice = (body.tool_choice ?? {}) as Record<string, unknown>;
  if (choice.type === 'none') return { required: false, none: true };
  if (choice.type === 'any') return { required: true, none: false };
  if (choice.type === 'tool' && typeof choice.name === 'string')
    return { required: true, name: choice.name, none: false };
  return { required: false, none: false };
}

/** Request fields the real API requires; the SDK types require them too. */
function validate(body: Record<string, unknown>): { maxTokens: number; messages: unknown[] } {
  const maxTokens = numberField(body, 'max_tokens');
  if (maxTokens === undefined || maxTokens < 1) throw new InvalidRequest('max_tokens: Field required');
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw new InvalidRequest('messages: Field required');
  return { maxTokens, messages };
}

/** The content blocks of the answer and its stop reason; thinking first when extended thinking is on. */
function plan(
  ex: Exchange,
  maxTokens: number,
): { blocks: Block[]; stopReason: string; outputTokens: number } {
  const model = ex.responseModel;
  const blocks: Block[] = [];
  let budget = maxTokens;
  const thinking = ex.body.thinking as Record<string, unknown> | undefined;
  if (thinking?.type === 'enabled' || thinking?.type === 'adaptive') {
    const want = ex.scenario.reasoningTokens ?? 64;
    const limit = typeof thinking.budget_tokens === 'number' ? Math.min(want, thinking.budget_tokens) : want;
    const text = generateText(model, Math.min(limit, budget), 3);
    blocks.push({ type: 'thinking', text, signature: randomId('EqMB', 64) });
    budget -= text.tokens;
  }
  const tool = pickTool(toolsOf(ex.body), toolChoiceOf(ex.body), ex.scenario);
  let stopReason: string;
  if (tool) {
    const input = exampleArguments(tool);
    blocks.push({
      type: 'tool_use',
      id: randomId('toolu_01', 22),
      name: tool.name,
      input,
      json: JSON.stringify(input),
    });
    stopReason = 'tool_use';
  } else if (ex.answer !== undefined) {
    const text = fixedText(model, ex.answer, budget);
    blocks.push({ type: 'text', text });
    stopReason = text.truncated ? 'max_tokens' : 'end_turn';
  } else {
    const visible = Math.min(ex.scenario.outputTokens, budget);
    blocks.push({ type: 'text', text: generateText(model, visible) });
    stopReason = visible < ex.scenario.outputTokens ? 'max_tokens' : 'end_turn';
  }
  if (ex.scenario.finish) stopReason = STOP_REASONS[ex.scenario.finish] ?? stopReason;
  const outputTokens = blocks.reduce(
    (sum, b) =>
      sum + (b.type === 'tool_use' ? countText(b.name, model) + countText(b.json, model) : b.text.tokens),
    0,
  );
  return { blocks, stopReason, outputTokens };
}

function finalBlock(b: Block): Record<string, unknown> {
  if (b.type === 'text') return { type: 'text', text: b.text.text };
  if (b.type === 'thinking') return { type: 'thinking', thinking: b.text.text, signature: b.signature };
  return { type: 'tool_use', id: b.id, name: b.name, input: b.input };
}

/**
 * Anthropic usage: `input_tokens` EXCLUDES cache reads and writes (the prompt is their sum);
 * `cache_creation` splits writes by TTL because 1h writes are billed at 2x input, 5m writes at 1.25x.
 */
function usageOf(cache: CacheAccount, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: cache.inputTokens,
    cache_creation_input_tokens: cache.write5mTokens + cache.write1hTokens,
    cache_read_input_tokens: cache.readTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: cache.write5mTokens,
      ephemeral_1h_input_tokens: cache.write1hTokens,
    },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

export function countAnthropicInput(
  body: Record<string, unknown>,
  model: string,
  messages: unknown[],
): number {
  const tools = Array.isArray(body.tools) ? (body.tools as unknown[]) : undefined;
  const system = body.system as string | unknown[] | undefined;
  return countMessages(
    {
      messages: messages as { role: string }[],
      ...(tools ? { tools } : {}),
      ...(system !== undefined ? { system } : {}),
    },
    model,
  );
}

/** A Messages answer: the final message (with usage unless the scenario drops it) and what streams it. */
export interface MessageReply {
  message: Record<string, unknown>;
  blocks: Block[];
  stopReason: string;
  usage: Record<string, unknown>;
  noUsage: boolean;
}

/** The answer to a Messages body (also the Anthropic body of Bedrock's InvokeModel), prompt cache applied. */
export function messageReply(ex: Exchange, idPrefix = 'msg_01'): MessageReply {
  const { maxTokens, messages } = validate(ex.body);
  const total = countAnthropicInput(ex.body, ex.responseModel, messages);
  const cache = ex.cache.account(ex.body, ex.responseModel, total);
  const { blocks, stopReason, outputTokens } = plan(ex, maxTokens);
  const usage = usageOf(cache, outputTokens);
  const noUsage = ex.scenario.noUsage;
  const message = {
    id: randomId(idPrefix, 22),
    type: 'message',
    role: 'assistant',
    model: ex.responseModel,
    content: blocks.map(finalBlock),
    stop_reason: stopReason,
    stop_sequence: null,
    ...(noUsage ? {} : { usage }),
  };
  return { message, blocks, stopReason, usage, noUsage };
}

/** Where stream events go (SSE for the Messages API, event-stream `chunk`s for Bedrock), and whether the
 * client is still there. */
export interface EventSink {
  send(data: Record<string, unknown>): Promise<void>;
  readonly alive: boolean;
}

/** The Messages stream event sequence: https://docs.anthropic.com/en/docs/build-with-claude/streaming */
export async function sendMessageEvents(sink: EventSink, reply: MessageReply): Promise<void> {
  const { message, blocks, stopReason, usage, noUsage } = reply;
  const send = (data: Record<string, unknown>) => sink.send(data);
  // message_start reports the whole input side and output_tokens: 1; message_delta the cumulative totals.
  const startUsage = { ...usage, output_tokens: 1 };
  await send({
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, ...(noUsage ? {} : { usage: startUsage }) },
  });
  for (const [index, b] of blocks.entries()) {
    if (b.type === 'text') {
      await send({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      if (index === 0) await send({ type: 'ping' });
      for (const text of b.text.pieces) {
        if (!sink.alive) break;
        await send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
      }
    } else if (b.type === 'thinking') {
      await send({
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
      if (index === 0) await send({ type: 'ping' });
      for (const thinking of b.text.pieces) {
        if (!sink.alive) break;
        await send({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } });
      }
      await send({
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: b.signature },
      });
    } else {
      await send({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} },
      });
      if (index === 0) await send({ type: 'ping' });
      for (const partial_json of splitPieces(b.json)) {
        if (!sink.alive) break;
        await send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
      }
    }
    await send({ type: 'content_block_stop', index });
  }
  const { service_tier: _tier, cache_creation: _split, ...deltaUsage } = usage;
  await send({
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    ...(noUsage ? {} : { usage: deltaUsage }),
  });
  await send({ type: 'message_stop' });
}

export async function handleMessages(ex: Exchange): Promise<void> {
  const reply = messageReply(ex);
  if (ex.body.stream !== true) {
    sendJson(ex.res, 200, ex.headers, reply.message);
    return;
  }
  // Anthropic reports a server-side failure mid-stream as an `error` event, most often overloaded_error.
  const sse = await openStream(ex, {
    event: 'error',
    data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
  });
  await sendMessageEvents(
    {
      send: (data) => sse.send(data, data.type as string),
      get alive() {
        return sse.alive;
      },
    },
    reply,
  );
  sse.end();
}
