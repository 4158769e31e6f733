import type { Route } from '../routes.js';

// Gemini API (https://ai.google.dev/api/generate-content): `/{v1beta|v1}/models/{model}:{method}`.
// Vertex AI (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest):
// `/{v1|v1beta1}/projects/{p}/locations/{l}/publishers/{publisher}/models/{model}:{method}`, and the express-mode
// (API key) form without `projects/{p}/locations/{l}`.
const PATH =
  /^\/(v1|v1beta|v1alpha|v1beta1)\/(projects\/[^/]+\/locations\/[^/]+\/)?(publishers\/[^/]+\/)?models\/([^/:]+):([A-Za-z]+)$/;

const OPERATIONS: Record<string, Route['operation']> = {
  generateContent: 'generate_content',
  streamGenerateContent: 'generate_content',
  countTokens: 'count_tokens',
  embedContent: 'embed_content',
  batchEmbedContents: 'embed_content',
  predict: 'embed_content',
};

/** The Google route of a POST path, or undefined when the path is not a Gemini / Vertex AI model method. */
export function googleRoute(method: string, path: string): Route | undefined {
  if (method !== 'POST') return undefined;
  const m = PATH.exec(path);
  if (!m) return undefined;
  const [, version, project, publisher, model, verb] = m as unknown as string[];
  const vertex = version === 'v1beta1' || project !== undefined || publisher !== undefined;
  return {
    provider: vertex ? 'vertex_ai' : 'gemini',
    operation: OPERATIONS[verb as string] ?? 'unknown',
    modelId: decodeURIComponent(model as string),
    googleMethod: verb as string,
    stream: verb === 'streamGenerateContent',
  };
}
