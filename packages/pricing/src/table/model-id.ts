/**
 * Model-id normalisation: how the many spellings of one model reach its price-table row.
 * Each rule carries the vendor naming fact it handles.
 */

/** Router and SDK prefixes (`openai/gpt-4o`, `anthropic/claude-...`, LiteLLM's `gemini/...`) and the provider they imply. */
const VENDOR_PREFIX: Record<string, string | undefined> = {
  openai: 'openai',
  azure: 'azure.ai.openai',
  anthropic: 'anthropic',
  google: 'gcp.gemini',
  gemini: 'gcp.gemini',
  vertex_ai: 'gcp.vertex_ai',
  bedrock: 'aws.bedrock',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  deepseek: 'deepseek',
  'deepseek-ai': 'deepseek',
  xai: 'x_ai',
  'x-ai': 'x_ai',
  openrouter: undefined,
  litellm: undefined,
  // Vertex AI Model-as-a-Service ids: `meta/llama-4-scout-17b-16e-instruct-maas`.
  meta: undefined,
};

/** Bedrock ARNs name a model or an inference profile after the resource type:
 * `arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0`,
 * `arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0`.
 * Application inference profiles, provisioned and custom models have opaque ids: they stay unpriced unless a
 * pricing file names them. https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-use.html */
const BEDROCK_ARN = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/;

/** Bedrock cross-region inference profiles prefix the model id with a geography: `us.anthropic.claude-...`.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html */
const BEDROCK_GEO = /^(?:us|us-gov|eu|apac|ap|jp|au|ca|global)\./;
/** Bedrock model ids are `<vendor>.<model>-v<N>:<M>`: `anthropic.claude-3-5-sonnet-20241022-v2:0`.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html */
const BEDROCK_VENDOR = /^(anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|writer|qwen)\./;

/**
 * Suffixes that name a snapshot or a version of a model rather than another model; removed one at a time
 * until a row matches. A snapshot with its own price (gpt-4o-2024-05-13) is its own row and matches first.
 */
const VERSION_SUFFIXES: RegExp[] = [
  /:\d+k$/, // Bedrock context-length variants: `anthropic.claude-3-haiku-20240307-v1:0:200k`
  /:\d+$/, // Bedrock revisions: `amazon.titan-embed-text-v2:0` (v2 is another model than v1), `-v2:0`
  /-v\d+$/, // Bedrock `-v2`, Vertex `claude-3-5-sonnet-v2`
  /@default$/, // Vertex AI: `claude-opus-4-6@default`
  /@\d{3}$/, // Vertex AI partner model revisions: `codestral-2@001`, `mistral-medium-3@001`
  /@\d{8}$/, // Vertex AI Claude snapshots: `claude-3-5-sonnet-v2@20241022`
  /@latest$/,
  /-\d{4}-\d{2}-\d{2}$/, // OpenAI snapshots: `gpt-4o-2024-08-06`
  /-\d{8}$/, // Anthropic snapshots: `claude-3-5-sonnet-20241022`
  /-latest$/, // `claude-3-5-sonnet-latest`, `mistral-large-latest`
  /-preview-\d{2}-\d{4}$/, // Gemini previews: `gemini-2.5-pro-preview-06-2025`
  /-preview-\d{2}-\d{2}$/, // Gemini previews: `gemini-2.5-flash-preview-05-20`
  /-\d{4}$/, // Mistral `mistral-small-2506`, xAI `grok-4-0709`, OpenAI `gpt-3.5-turbo-0125`
  /-\d{3}$/, // Gemini stable revisions: `gemini-2.0-flash-001`
];

export interface ParsedModel {
  /** Lower-cased id with router / path prefixes removed. */
  id: string;
  /** Provider implied by a prefix (`openai/...`, a Bedrock id), if any. */
  providerHint?: string;
  /** Base model of an OpenAI fine-tune id `ft:<base>:<org>:<name>:<id>`. */
  fineTuneBase?: string;
  /**
   * Bedrock ids only: `global` for a global cross-region inference profile (`global.anthropic...`), else
   * `regional` (in-region `anthropic...` or a geographic profile `us.`, `eu.`, `apac.` ...). Bedrock bills
   * Claude Sonnet 4.5 and later 10% above the global price on regional endpoints.
   * https://aws.amazon.com/bedrock/pricing/
   */
  bedrockScope?: 'global' | 'regional';
}

export function parseModel(model: string): ParsedModel {
  let id = model.trim().toLowerCase();
  let providerHint: string | undefined;
  const arn = BEDROCK_ARN.exec(id);
  if (arn) {
    id = arn[1]!;
    providerHint = 'aws.bedrock';
  }
  // Vertex and Gemini resource names: `publishers/google/models/gemini-2.5-pro`, `models/gemini-2.5-pro`.
  const models = id.lastIndexOf('models/');
  if (models >= 0 && (models === 0 || id[models - 1] === '/')) {
    if (/publishers\/[^/]+\//.test(id)) providerHint = 'gcp.vertex_ai';
    id = id.slice(models + 'models/'.length);
  }
  for (let slash = id.indexOf('/'); slash > 0; slash = id.indexOf('/')) {
    const head = id.slice(0, slash);
    if (!(head in VENDOR_PREFIX)) break;
    providerHint = VENDOR_PREFIX[head] ?? providerHint;
    id = id.slice(slash + 1);
  }
  // OpenAI fine-tunes: `ft:gpt-4o-mini-2024-07-18:my-org::9abc` (and legacy `ft:gpt-3.5-turbo:org:name:id`).
  // https://platform.openai.com/docs/guides/fine-tuning
  if (id.startsWith('ft:')) {
    const base = id.split(':')[1];
    return base ? { id, fineTuneBase: base, providerHint: providerHint ?? 'openai' } : { id };
  }
  if (BEDROCK_GEO.test(id) || BEDROCK_VENDOR.test(id)) {
    const stripped = id.replace(BEDROCK_GEO, '');
    if (BEDROCK_VENDOR.test(stripped)) {
      return {
        id: stripped.replace(BEDROCK_VENDOR, ''),
        providerHint: providerHint ?? 'aws.bedrock',
        bedrockScope: id.startsWith('global.') ? 'global' : 'regional',
      };
    }
  }
  return providerHint ? { id, providerHint } : { id };
}

/** The ids to try, most specific first: the id, then with version suffixes removed one by one. */
export function candidateIds(id: string): string[] {
  const out = [id];
  let current = id;
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of VERSION_SUFFIXES) {
      const next = current.replace(suffix, '');
      if (next !== current && next.length > 0) {
        current = next;
        out.push(current);
        changed = true;
        break;
      }
    }
  }
  // OpenRouter spells Claude versions with dots (`claude-3.5-sonnet`, `claude-sonnet-4.5`); Anthropic with dashes.
  if (id.startsWith('claude-') && id.includes('.')) {
    for (const c of candidateIds(id.replace(/(\d)\.(\d)/g, '$1-$2'))) out.push(c);
  }
  return out;
}
