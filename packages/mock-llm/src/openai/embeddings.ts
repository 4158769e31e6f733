import { createHash } from 'node:crypto';
import { type Exchange, InvalidRequest, numberField } from '../exchange.js';
import { hexId, sendJson } from '../http.js';
import { countText } from '../tokens.js';
import { isMistralModel } from './chat.js';

// POST /v1/embeddings. https://platform.openai.com/docs/api-reference/embeddings
// openai-node >= 4.80 asks for `encoding_format: "base64"` unless the caller sets one, and decodes the
// base64 of little-endian float32 values itself.

const DIMENSIONS: readonly [string, number][] = [
  ['text-embedding-3-large', 3072],
  ['text-embedding-3-small', 1536],
  ['text-embedding-ada-002', 1536],
  // Mistral: https://docs.mistral.ai/capabilities/embeddings/ (codestral-embed takes `output_dimension`).
  ['mistral-embed', 1024],
  ['codestral-embed', 1536],
];

function inputs(input: unknown): { texts?: string[]; tokenArrays?: number[][] } {
  if (typeof input === 'string') return { texts: [input] };
  if (Array.isArray(input) && input.length > 0) {
    if (input.every((x) => typeof x === 'string')) return { texts: input as string[] };
    if (input.every((x) => typeof x === 'number')) return { tokenArrays: [input as number[]] };
    if (input.every((x) => Array.isArray(x) && x.every((y) => typeof y === 'number'))) {
      return { tokenArrays: input as number[][] };
    }
  }
  throw new InvalidRequest("Invalid 'input': expected a string, an array of strings, or token arrays.");
}

/** A deterministic unit vector derived from the input, so equal inputs embed equally. */
export function embed(seed: string, dimensions: number): Float32Array {
  const out = new Float32Array(dimensions);
  let block = createHash('sha256').update(seed).digest();
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    if (i % 16 === 0 && i > 0) block = createHash('sha256').update(block).digest();
    const value = (block.readUInt16LE((i % 16) * 2) / 65535) * 2 - 1;
    out[i] = value;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < dimensions; i++) out[i] = (out[i] as number) * scale;
  return out;
}

export async function handleEmbeddings(ex: Exchange): Promise<void> {
  const { texts, tokenArrays } = inputs(ex.body.input);
  const format = ex.body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    throw new InvalidRequest(
      `Invalid 'encoding_format': expected 'float' or 'base64', got ${JSON.stringify(format)}.`,
    );
  }
  const model = ex.responseModel;
  const mistral = isMistralModel(ex.model);
  const dimensions =
    numberField(ex.body, mistral ? 'output_dimension' : 'dimensions') ??
    DIMENSIONS.find(([prefix]) => model.startsWith(prefix))?.[1] ??
    1536;
  const seeds = texts ?? (tokenArrays as number[][]).map((t) => t.join(','));
  const tokens = texts
    ? texts.reduce((sum, t) => sum + countText(t, model), 0)
    : (tokenArrays as number[][]).reduce((s, t) => s + t.length, 0);
  const data = seeds.map((seed, index) => {
    const vector = embed(seed, dimensions);
    const embedding =
      format === 'base64'
        ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64')
        : Array.from(vector);
    return { object: 'embedding', index, embedding };
  });
  // Mistral's body has an `id` and always a usage (its SDK requires both), with `completion_tokens: 0`.
  if (mistral) {
    const usage = { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0 };
    sendJson(ex.res, 200, ex.headers, { id: hexId('', 16), object: 'list', data, model, usage });
    return;
  }
  sendJson(ex.res, 200, ex.headers, {
    object: 'list',
    data,
    model,
    ...(ex.scenario.noUsage ? {} : { usage: { prompt_tokens: tokens, total_tokens: tokens } }),
  });
}
