// InvokeModel bodies are each model vendor's own format: Bedrock picks it by the model id.
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters.html

export type ModelFamily =
  | 'anthropic'
  | 'nova'
  | 'llama'
  | 'titan-text'
  | 'titan-embed'
  | 'cohere-embed'
  | 'unknown';

/** The foundation-model id of a model id, inference profile id or ARN:
 * `arn:aws:bedrock:us-east-1:123:inference-profile/us.anthropic.claude-...-v1:0` -> `anthropic.claude-...-v1:0`. */
export function foundationModel(modelId: string): string {
  const tail = modelId.slice(modelId.lastIndexOf('/') + 1).toLowerCase();
  return tail.replace(/^(?:us|us-gov|eu|apac|ap|jp|au|ca|global)\./, '');
}

export function modelFamily(modelId: string): ModelFamily {
  const id = foundationModel(modelId);
  if (id.startsWith('anthropic.')) return 'anthropic';
  if (id.startsWith('amazon.nova')) return 'nova';
  if (id.startsWith('meta.llama')) return 'llama';
  if (id.startsWith('amazon.titan-text') || id.startsWith('amazon.titan-tg1')) return 'titan-text';
  if (id.startsWith('amazon.titan-embed')) return 'titan-embed';
  if (id.startsWith('cohere.embed')) return 'cohere-embed';
  return 'unknown';
}

/** The name Anthropic's Messages body reports in `model` for a Bedrock Claude id:
 * `us.anthropic.claude-sonnet-4-5-20250929-v1:0` -> `claude-sonnet-4-5-20250929`. */
export function anthropicModelName(modelId: string): string {
  return foundationModel(modelId)
    .replace(/^anthropic\./, '')
    .replace(/-v\d+(?::\d+)*$/, '');
}
