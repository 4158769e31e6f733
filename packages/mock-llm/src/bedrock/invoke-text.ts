import type { Exchange } from '../exchange.js';
import { generateText } from '../text.js';
import { countText } from '../tokens.js';

// Meta Llama and Amazon Titan Text InvokeModel bodies: a prompt string in, generated text out, with the vendor's
// own token counts in the body.
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html

type Json = Record<string, any>;

export interface TextAnswer {
  inputTokens: number;
  outputTokens: number;
  text: string;
  pieces: string[];
  /** Stopped by the length cap. */
  capped: boolean;
}

function answer(ex: Exchange, prompt: unknown, cap: unknown): TextAnswer {
  const model = ex.responseModel;
  const max = typeof cap === 'number' && Number.isInteger(cap) && cap > 0 ? cap : Number.POSITIVE_INFINITY;
  const visible = Math.min(ex.scenario.outputTokens, max);
  const text = generateText(model, visible);
  return {
    inputTokens: countText(typeof prompt === 'string' ? prompt : '', model),
    outputTokens: text.tokens,
    text: text.text,
    pieces: text.pieces,
    capped: visible < ex.scenario.outputTokens,
  };
}

/** Llama: `{prompt, max_gen_len, temperature, top_p}` -> `{generation, prompt_token_count, generation_token_count,
 * stop_reason}`. */
export function llamaAnswer(ex: Exchange): TextAnswer {
  return answer(ex, ex.body.prompt, ex.body.max_gen_len);
}

export function llamaBody(a: TextAnswer): Json {
  return {
    generation: a.text,
    prompt_token_count: a.inputTokens,
    generation_token_count: a.outputTokens,
    stop_reason: a.capped ? 'length' : 'stop',
  };
}

/** Llama stream chunks: the prompt count on the first chunk only, the running generation count on each. */
export function llamaChunks(ex: Exchange, a: TextAnswer): Json[] {
  let running = '';
  return a.pieces.map((generation, i) => {
    running += generation;
    const last = i === a.pieces.length - 1;
    return {
      generation,
      prompt_token_count: i === 0 ? a.inputTokens : null,
      generation_token_count: countText(running, ex.responseModel),
      stop_reason: last ? (a.capped ? 'length' : 'stop') : null,
    };
  });
}

/** Titan Text: `{inputText, textGenerationConfig: {maxTokenCount, ...}}` -> `{inputTextTokenCount, results: [{tokenCount,
 * outputText, completionReason}]}`. */
export function titanAnswer(ex: Exchange): TextAnswer {
  return answer(ex, ex.body.inputText, (ex.body.textGenerationConfig as Json | undefined)?.maxTokenCount);
}

const titanReason = (a: TextAnswer) => (a.capped ? 'LENGTH' : 'FINISH');

export function titanBody(a: TextAnswer): Json {
  return {
    inputTextTokenCount: a.inputTokens,
    results: [{ tokenCount: a.outputTokens, outputText: a.text, completionReason: titanReason(a) }],
  };
}

/** Titan stream chunks: `{outputText, index, totalOutputTextTokenCount, completionReason, inputTextTokenCount}`. */
export function titanChunks(ex: Exchange, a: TextAnswer): Json[] {
  let running = '';
  return a.pieces.map((outputText, i) => {
    running += outputText;
    const last = i === a.pieces.length - 1;
    return {
      outputText,
      index: 0,
      totalOutputTextTokenCount: countText(running, ex.responseModel),
      completionReason: last ? titanReason(a) : null,
      inputTextTokenCount: a.inputTokens,
    };
  });
}
