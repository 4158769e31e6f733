import { approximationFor, MAX_BYTES_FACTOR } from './approximation.js';
import { encodingForModel } from './model-encoding.js';

/**
 * A bound never below the token count of `text`, without tokenizing. Every BPE token covers at least one UTF-8
 * byte, so the byte length bounds the o200k_base and cl100k_base counts. An approximation is
 * ceil((factor * o200k + scriptFactor * scriptBytes) / 100) with both inputs at most the byte length, hence at most
 * ceil((factor + scriptFactor) * bytes / 100) (see approximation.ts).
 * Without `model` the bound holds for every model; with an OpenAI model it is the byte length itself.
 * Buffer.byteLength is native and does not allocate; text.length * 3 would be a looser strictly-O(1) bound.
 */
export function upperBoundTokens(text: string, model?: string): number {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (model === undefined) return Math.ceil((MAX_BYTES_FACTOR * bytes) / 100);
  if (encodingForModel(model) !== undefined) return bytes;
  const { factor, scriptFactor } = approximationFor(model);
  return Math.ceil(((factor + scriptFactor) * bytes) / 100);
}
