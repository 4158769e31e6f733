import type { Route } from '../routes.js';

// Bedrock Runtime (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_Operations_Amazon_Bedrock_Runtime.html):
// `POST /model/{modelId}/{converse|converse-stream|invoke|invoke-with-response-stream}`, the model id (or inference
// profile id, or ARN) percent-encoded in the path.
const PATH = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;

/** The Bedrock route of a POST path, or undefined when the path is not a Bedrock Runtime model operation. */
export function bedrockRoute(method: string, path: string): Route | undefined {
  if (method !== 'POST') return undefined;
  const m = PATH.exec(path);
  if (!m) return undefined;
  const verb = m[2] as string;
  return {
    provider: 'bedrock',
    operation: verb.startsWith('converse') ? 'converse' : 'invoke',
    modelId: decodeURIComponent(m[1] as string),
    stream: verb.endsWith('-stream'),
  };
}
