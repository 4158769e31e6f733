import { bedrockRoute } from './bedrock/paths.js';
import { googleRoute } from './gemini/paths.js';
import type { MockProvider } from './types.js';

export interface Route {
  provider: MockProvider;
  operation:
    | 'chat'
    | 'responses'
    | 'embeddings'
    | 'models'
    | 'messages'
    | 'count_tokens'
    | 'generate_content'
    | 'embed_content'
    | 'converse'
    | 'invoke'
    | 'unknown';
  /** Azure deployment from `/openai/deployments/{deployment}/...`. */
  deployment?: string;
  /** Model id from `GET /v1/models/{id}`, a Gemini / Vertex AI path `.../models/{id}:{method}`, or a Bedrock path
   * `/model/{id}/converse`. */
  modelId?: string;
  /** Gemini / Vertex AI method (`generateContent`, `streamGenerateContent`, `batchEmbedContents`, `predict`, ...). */
  googleMethod?: string;
  /** The path itself asks for a stream (Gemini `:streamGenerateContent`, Bedrock `converse-stream`). */
  stream?: boolean;
}

/** Anthropic clients send `anthropic-version` (and `x-api-key`); OpenAI clients send neither. */
function looksAnthropic(headers: Record<string, string>): boolean {
  return headers['anthropic-version'] !== undefined || headers['x-api-key'] !== undefined;
}

/**
 * Maps a request path to a provider and operation. OpenAI: `/v1/...` (also without `/v1` for clients whose
 * baseURL is the bare server URL). Azure OpenAI, as the openai SDK's AzureOpenAI client builds paths:
 * `/openai/deployments/{deployment}/chat/completions|embeddings`, and `/openai/responses` or
 * `/openai/v1/responses` (no deployment in the path: the model comes from the body). Gemini and Vertex AI:
 * gemini/paths.ts; Bedrock: bedrock/paths.ts.
 */
export function route(method: string, path: string, headers: Record<string, string>): Route {
  const google = googleRoute(method, path);
  if (google) return google;
  const bedrock = bedrockRoute(method, path);
  if (bedrock) return bedrock;
  const azure = /^\/openai(?:\/v1)?\/deployments\/([^/]+)(\/.*)$/.exec(path);
  if (azure) {
    const deployment = decodeURIComponent(azure[1] as string);
    return { ...openaiOperation(method, azure[2] as string, headers), provider: 'azure', deployment };
  }
  const azureV1 = /^\/openai(?:\/v1)?(\/.*)$/.exec(path);
  if (azureV1) return { ...openaiOperation(method, azureV1[1] as string, headers), provider: 'azure' };
  const rest = path.startsWith('/v1/') ? path.slice(3) : path;
  if (method === 'POST' && rest === '/messages') return { provider: 'anthropic', operation: 'messages' };
  if (method === 'POST' && rest === '/messages/count_tokens')
    return { provider: 'anthropic', operation: 'count_tokens' };
  if (method === 'GET' && (rest === '/models' || rest.startsWith('/models/')) && looksAnthropic(headers)) {
    return { provider: 'anthropic', operation: 'models', ...modelId(rest) };
  }
  return openaiOperation(method, rest, headers);
}

function modelId(rest: string): { modelId?: string } {
  return rest.startsWith('/models/') ? { modelId: decodeURIComponent(rest.slice('/models/'.length)) } : {};
}

function openaiOperation(method: string, rest: string, headers: Record<string, string>): Route {
  const provider: MockProvider = looksAnthropic(headers) ? 'anthropic' : 'openai';
  if (method === 'POST' && rest === '/chat/completions') return { provider: 'openai', operation: 'chat' };
  if (method === 'POST' && rest === '/responses') return { provider: 'openai', operation: 'responses' };
  if (method === 'POST' && rest === '/embeddings') return { provider: 'openai', operation: 'embeddings' };
  if (method === 'GET' && (rest === '/models' || rest.startsWith('/models/'))) {
    return { provider: 'openai', operation: 'models', ...modelId(rest) };
  }
  return { provider, operation: 'unknown' };
}

// Snapshot names Azure reports in `model` for a deployment of each family (longest prefix first).
const AZURE_SNAPSHOTS: readonly (readonly [string, string])[] = [
  ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
  ['gpt-4o', 'gpt-4o-2024-11-20'],
  ['gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14'],
  ['gpt-4.1-nano', 'gpt-4.1-nano-2025-04-14'],
  ['gpt-4.1', 'gpt-4.1-2025-04-14'],
  ['gpt-5-mini', 'gpt-5-mini-2025-08-07'],
  ['gpt-5-nano', 'gpt-5-nano-2025-08-07'],
  ['gpt-5', 'gpt-5-2025-08-07'],
  ['o4-mini', 'o4-mini-2025-04-16'],
  ['o3-mini', 'o3-mini-2025-01-31'],
  ['o3', 'o3-2025-04-16'],
  ['o1', 'o1-2024-12-17'],
  ['gpt-35-turbo', 'gpt-35-turbo'],
  ['gpt-3.5-turbo', 'gpt-35-turbo'],
  ['gpt-4', 'gpt-4'],
  ['text-embedding-3-small', 'text-embedding-3-small'],
  ['text-embedding-3-large', 'text-embedding-3-large'],
  ['text-embedding-ada-002', 'text-embedding-ada-002'],
];

/**
 * Azure deployments have user-chosen names ("prod-chat"); the response's `model` is the underlying model
 * snapshot. A deployment named after a model family reports that family's snapshot, any other gpt-4o's.
 */
export function azureUnderlyingModel(deploymentOrModel: string): string {
  const name = deploymentOrModel.toLowerCase();
  if (/\d{4}-\d{2}-\d{2}$/.test(name)) return name;
  for (const [family, snapshot] of AZURE_SNAPSHOTS) if (name.includes(family)) return snapshot;
  return 'gpt-4o-2024-11-20';
}
