import { type MessageReply, messageReply, sendMessageEvents } from '../anthropic/messages.js';
import { type Exchange, InvalidRequest } from '../exchange.js';
import { sendJson } from '../http.js';
import { embed } from '../openai/embeddings.js';
import { countText } from '../tokens.js';
import { type ConverseAnswer, converseAnswer } from './converse.js';
import { type EventStreamWriter, openEventStream } from './event-stream.js';
import {
  llamaAnswer,
  llamaBody,
  llamaChunks,
  type TextAnswer,
  titanAnswer,
  titanBody,
  titanChunks,
} from './invoke-text.js';
import { anthropicModelName, modelFamily } from './model-family.js';

// POST /model/{modelId}/invoke and /invoke-with-response-stream: the model vendor's own body in and out
// (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html). A stream is
// event-stream `chunk` events whose `bytes` (base64 in the JSON payload) are the vendor's own stream events; the
// last one carries `amazon-bedrock-invocationMetrics` with Bedrock's token counts
// (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html).

type Json = Record<string, any>;

interface Counts {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** `X-Amzn-Bedrock-*` headers of a non-streaming InvokeModel answer (Bedrock sends them for every model). */
function countHeaders(ex: Exchange, c: Counts): Record<string, string> {
  const headers: Record<string, string> = {
    ...ex.headers,
    'x-amzn-bedrock-input-token-count': String(c.input),
    'x-amzn-bedrock-output-token-count': String(c.output),
    'x-amzn-bedrock-invocation-latency': String(Math.max(1, Date.now() - ex.startedAt)),
  };
  if (c.cacheRead !== undefined) headers['x-amzn-bedrock-cache-read-input-token-count'] = String(c.cacheRead);
  if (c.cacheWrite !== undefined)
    headers['x-amzn-bedrock-cache-write-input-token-count'] = String(c.cacheWrite);
  return headers;
}

function invocationMetrics(ex: Exchange, c: Counts): Json {
  const latency = Math.max(1, Date.now() - ex.startedAt);
  return {
    'amazon-bedrock-invocationMetrics': {
      inputTokenCount: c.input,
      outputTokenCount: c.output,
      invocationLatency: latency,
      firstByteLatency: Math.min(latency, Math.max(1, ex.scenario.latencyMs + ex.scenario.ttfcMs)),
      ...(c.cacheRead !== undefined ? { cacheReadInputTokenCount: c.cacheRead } : {}),
      ...(c.cacheWrite !== undefined ? { cacheWriteInputTokenCount: c.cacheWrite } : {}),
    },
  };
}

const chunk = (events: EventStreamWriter, event: Json) =>
  events.send('chunk', { bytes: Buffer.from(JSON.stringify(event)).toString('base64') });

function anthropicCounts(reply: MessageReply): Counts {
  const u = reply.usage;
  return {
    input: u.input_tokens as number,
    output: u.output_tokens as number,
    cacheRead: u.cache_read_input_tokens as number,
    cacheWrite: u.cache_creation_input_tokens as number,
  };
}

function converseCounts(a: ConverseAnswer): Counts {
  const u = a.usage;
  return {
    input: u.inputTokens,
    output: u.outputTokens,
    cacheRead: u.cacheReadInputTokens,
    cacheWrite: u.cacheWriteInputTokens,
  };
}

const textCounts = (a: TextAnswer): Counts => ({ input: a.inputTokens, output: a.outputTokens });

async function anthropic(ex: Exchange, stream: boolean): Promise<void> {
  const reply = messageReply({ ...ex, responseModel: anthropicModelName(ex.model) }, 'msg_bdrk_01');
  const counts = anthropicCounts(reply);
  if (!stream) return sendJson(ex.res, 200, countHeaders(ex, counts), reply.message);
  const events = await openEventStream(ex);
  await sendMessageEvents(
    {
      send: (event) =>
        chunk(events, event.type === 'message_stop' ? { ...event, ...invocationMetrics(ex, counts) } : event),
      get alive() {
        return events.alive;
      },
    },
    reply,
  );
  events.end();
}

/** Amazon Nova: the Converse request and response shapes; the stream's events are Converse's, one per chunk. */
async function nova(ex: Exchange, stream: boolean): Promise<void> {
  const a = converseAnswer(ex);
  const counts = converseCounts(a);
  const usage = ex.scenario.noUsage ? {} : { usage: a.usage };
  if (!stream) {
    const body = {
      output: { message: { role: 'assistant', content: a.content } },
      stopReason: a.stopReason,
      ...usage,
    };
    return sendJson(ex.res, 200, countHeaders(ex, counts), body);
  }
  const events = await openEventStream(ex);
  await chunk(events, { messageStart: { role: 'assistant' } });
  for (const delta of a.deltas) {
    if (!events.alive) break;
    await chunk(events, { contentBlockDelta: { delta, contentBlockIndex: 0 } });
  }
  await chunk(events, { contentBlockStop: { contentBlockIndex: 0 } });
  await chunk(events, { messageStop: { stopReason: a.stopReason } });
  await chunk(events, { metadata: { ...usage, metrics: {}, trace: {} }, ...invocationMetrics(ex, counts) });
  events.end();
}

async function text(
  ex: Exchange,
  stream: boolean,
  answer: TextAnswer,
  body: (a: TextAnswer) => Json,
  chunks: (ex: Exchange, a: TextAnswer) => Json[],
): Promise<void> {
  const counts = textCounts(answer);
  if (!stream) return sendJson(ex.res, 200, countHeaders(ex, counts), body(answer));
  const events = await openEventStream(ex);
  const all = chunks(ex, answer);
  for (const [i, c] of all.entries()) {
    if (!events.alive) break;
    await chunk(events, i === all.length - 1 ? { ...c, ...invocationMetrics(ex, counts) } : c);
  }
  events.end();
}

/** Titan Text Embeddings `{inputText, dimensions?}` -> `{embedding, inputTextTokenCount}`; Cohere Embed
 * `{texts, input_type}` -> `{embeddings, id, response_type, texts}` (no count in the body: the headers have it). */
function embeddings(ex: Exchange, family: 'titan-embed' | 'cohere-embed'): void {
  const model = ex.responseModel;
  if (family === 'titan-embed') {
    const input = ex.body.inputText;
    if (typeof input !== 'string')
      throw new InvalidRequest('Malformed input request: #: required key [inputText] not found');
    const dims =
      typeof ex.body.dimensions === 'number' ? ex.body.dimensions : model.includes('v1') ? 1536 : 1024;
    const tokens = countText(input, model);
    const body = { embedding: Array.from(embed(input, dims)), inputTextTokenCount: tokens };
    sendJson(ex.res, 200, countHeaders(ex, { input: tokens, output: 0 }), body);
    return;
  }
  const texts = ex.body.texts;
  if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string'))
    throw new InvalidRequest('Malformed input request: #: required key [texts] not found');
  const tokens = texts.reduce((sum: number, t: string) => sum + countText(t, model), 0);
  const body = {
    embeddings: texts.map((t: string) => Array.from(embed(t, 1024))),
    id: crypto.randomUUID(),
    response_type: 'embeddings_floats',
    texts,
  };
  sendJson(ex.res, 200, countHeaders(ex, { input: tokens, output: 0 }), body);
}

export async function handleInvoke(ex: Exchange): Promise<void> {
  const stream = ex.route.stream === true;
  const family = modelFamily(ex.model);
  switch (family) {
    case 'anthropic':
      return anthropic(ex, stream);
    case 'nova':
      return nova(ex, stream);
    case 'llama':
      return text(ex, stream, llamaAnswer(ex), llamaBody, llamaChunks);
    case 'titan-text':
      return text(ex, stream, titanAnswer(ex), titanBody, titanChunks);
    case 'titan-embed':
    case 'cohere-embed':
      if (stream) throw new InvalidRequest('The model is unsupported for streaming.');
      return embeddings(ex, family);
    default:
      throw new InvalidRequest(
        `mock-llm: InvokeModel bodies are served for Anthropic, Amazon Nova, Meta Llama, Amazon Titan and Cohere Embed models, not ${ex.model}`,
      );
  }
}
