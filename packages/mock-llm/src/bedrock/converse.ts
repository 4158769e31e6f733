import { type Exchange, InvalidRequest } from '../exchange.js';
import { randomId, sendJson } from '../http.js';
import { splitPieces } from '../openai/output-plan.js';
import { generateText } from '../text.js';
import { countMessages, countText } from '../tokens.js';
import { exampleArguments, pickTool } from '../tool-call.js';
import {
  asAnthropicBody,
  converseMaxTokens,
  converseToolChoice,
  converseTools,
  hasCachePoint,
} from './converse-body.js';
import { openEventStream } from './event-stream.js';

// POST /model/{modelId}/converse and /converse-stream.
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html

type Json = Record<string, any>;

const STOP_REASONS: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'content_filtered',
};

export interface ConverseAnswer {
  /** `output.message.content` of the final answer. */
  content: Json[];
  /** The stream: one tool-use start, then deltas (`{text}` or `{toolUse: {input}}`) of block 0. */
  toolStart?: Json;
  deltas: Json[];
  stopReason: string;
  /** Converse `usage`: `inputTokens` EXCLUDES cache reads and writes, `totalTokens` is the sum of all four
   * (recorded: `{inputTokens: 2, cacheWriteInputTokens: 1322, outputTokens: 5, totalTokens: 1329}`, see
   * packages/pricing/src/usage/__fixtures__/bedrock-converse-cache-write-recorded.json). */
  usage: Json;
}

/** The answer to a Converse-shaped body (also Amazon Nova's InvokeModel body), with the prompt cache applied. */
export function converseAnswer(ex: Exchange): ConverseAnswer {
  if (!Array.isArray(ex.body.messages) || ex.body.messages.length === 0)
    throw new InvalidRequest('The messages field is required: provide at least one message.');
  const model = ex.responseModel;
  const prompt = asAnthropicBody(ex.body);
  const total = countMessages(prompt as { messages: { role: string }[] }, model);
  const account = ex.cache.account(prompt, model, total);
  const cap = converseMaxTokens(ex.body);
  const tool = pickTool(converseTools(ex.body), converseToolChoice(ex.body), ex.scenario);
  let content: Json[];
  let deltas: Json[];
  let toolStart: Json | undefined;
  let outputTokens: number;
  let stopReason: string;
  if (tool) {
    const input = exampleArguments(tool);
    const toolUseId = randomId('tooluse_', 22);
    content = [{ toolUse: { toolUseId, name: tool.name, input } }];
    toolStart = { toolUse: { toolUseId, name: tool.name } };
    deltas = splitPieces(JSON.stringify(input)).map((piece) => ({ toolUse: { input: piece } }));
    outputTokens = countText(tool.name, model) + countText(JSON.stringify(input), model);
    stopReason = 'tool_use';
  } else {
    const visible = Math.min(ex.scenario.outputTokens, cap ?? Number.POSITIVE_INFINITY);
    const text = generateText(model, visible);
    content = [{ text: text.text }];
    deltas = text.pieces.map((piece) => ({ text: piece }));
    outputTokens = text.tokens;
    stopReason = visible < ex.scenario.outputTokens ? 'max_tokens' : 'end_turn';
  }
  if (ex.scenario.finish) stopReason = STOP_REASONS[ex.scenario.finish] ?? stopReason;
  const read = account.readTokens;
  const write = account.write5mTokens + account.write1hTokens;
  const usage: Json = {
    inputTokens: account.inputTokens,
    outputTokens,
    totalTokens: account.inputTokens + read + write + outputTokens,
  };
  // Bedrock reports the cache fields when the request has cache points, under both spellings.
  if (hasCachePoint(ex.body)) {
    Object.assign(usage, {
      cacheReadInputTokens: read,
      cacheReadInputTokenCount: read,
      cacheWriteInputTokens: write,
      cacheWriteInputTokenCount: write,
    });
    const details: Json[] = [];
    if (account.write5mTokens > 0) details.push({ inputTokens: account.write5mTokens, ttl: '5m' });
    if (account.write1hTokens > 0) details.push({ inputTokens: account.write1hTokens, ttl: '1h' });
    if (details.length > 0) usage.cacheDetails = details;
  }
  return { content, deltas, stopReason, usage, ...(toolStart ? { toolStart } : {}) };
}

export async function handleConverse(ex: Exchange): Promise<void> {
  const answer = converseAnswer(ex);
  const latencyMs = Math.max(1, Date.now() - ex.startedAt);
  const withUsage = ex.scenario.noUsage ? {} : { usage: answer.usage };
  if (!ex.route.stream) {
    sendJson(ex.res, 200, ex.headers, {
      output: { message: { role: 'assistant', content: answer.content } },
      stopReason: answer.stopReason,
      ...withUsage,
      metrics: { latencyMs },
    });
    return;
  }
  const events = await openEventStream(ex);
  await events.send('messageStart', { role: 'assistant' });
  if (answer.toolStart)
    await events.send('contentBlockStart', { contentBlockIndex: 0, start: answer.toolStart });
  for (const delta of answer.deltas) {
    if (!events.alive) break;
    await events.send('contentBlockDelta', { contentBlockIndex: 0, delta });
  }
  await events.send('contentBlockStop', { contentBlockIndex: 0 });
  await events.send('messageStop', { stopReason: answer.stopReason });
  // Usage arrives last, in the `metadata` event.
  await events.send('metadata', { ...withUsage, metrics: { latencyMs } });
  events.end();
}
