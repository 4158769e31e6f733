/** The two OpenAI BPE encodings we count exactly. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

// Model families and their encodings, as tiktoken's MODEL_PREFIX_TO_ENCODING maps them:
// https://github.com/openai/tiktoken/blob/main/tiktoken/model.py
// Order matters: the first matching prefix wins, so 'gpt-4o' and 'gpt-4.1' come before 'gpt-4'.
const PREFIXES: readonly (readonly [string, EncodingName])[] = [
  ['gpt-4o', 'o200k_base'],
  ['chatgpt-4o', 'o200k_base'],
  ['gpt-4.1', 'o200k_base'],
  ['gpt-4.5', 'o200k_base'],
  ['gpt-5', 'o200k_base'],
  ['gpt-oss', 'o200k_base'], // o200k_harmony: the same ranks as o200k_base, more special tokens
  ['gpt-image', 'o200k_base'],
  ['gpt-realtime', 'o200k_base'],
  ['gpt-audio', 'o200k_base'],
  ['codex-', 'o200k_base'],
  ['computer-use', 'o200k_base'],
  ['omni-moderation', 'o200k_base'],
  ['o1', 'o200k_base'],
  ['o3', 'o200k_base'],
  ['o4', 'o200k_base'],
  ['gpt-4', 'cl100k_base'],
  ['gpt-3.5', 'cl100k_base'],
  ['gpt-35', 'cl100k_base'], // Azure deployment spelling
  ['text-embedding-3', 'cl100k_base'],
  ['text-embedding-ada-002', 'cl100k_base'],
];

/**
 * Normalises the spellings a model name arrives in: any case, a provider prefix ('openai/gpt-4o',
 * 'azure/gpt-4o'), a fine-tune ('ft:gpt-4o-mini-2024-07-18:org::id').
 */
export function baseModelName(model: string): string {
  let name = model.trim().toLowerCase();
  const slash = name.lastIndexOf('/');
  if (slash >= 0) name = name.slice(slash + 1);
  if (name.startsWith('ft:')) name = name.slice(3).split(':')[0] ?? '';
  return name;
}

/** The tiktoken encoding of an OpenAI model, or undefined when the model has no public tokenizer we ship. */
export function encodingForModel(model: string): EncodingName | undefined {
  const name = baseModelName(model);
  for (const [prefix, encoding] of PREFIXES) {
    // 'o1' must not match 'o10-something' from another vendor: after an o-series prefix comes '-' or nothing.
    if (!name.startsWith(prefix)) continue;
    if (/^o\d$/.test(prefix) && name.length > prefix.length && name[prefix.length] !== '-') continue;
    return encoding;
  }
  return undefined;
}
