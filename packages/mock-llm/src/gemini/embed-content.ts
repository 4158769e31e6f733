import { type Exchange, InvalidRequest } from '../exchange.js';
import { sendJson } from '../http.js';
import { embed } from '../openai/embeddings.js';
import { countText } from '../tokens.js';
import { contentText } from './contents.js';

// Embeddings, as @google/genai sends them:
// - Gemini API `:batchEmbedContents` {requests: [{model, content, outputDimensionality}]} -> {embeddings: [{values}]}
//   and `:embedContent` {content} -> {embedding: {values}}: no usage in the response
//   (https://ai.google.dev/api/embeddings#response-body_1);
// - Vertex AI `:predict` {instances: [{content}], parameters: {outputDimensionality}} ->
//   {predictions: [{embeddings: {values, statistics: {token_count, truncated}}}], metadata: {billableCharacterCount}}
//   (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api#response_body).

const DEFAULT_DIMENSIONS = 3072; // gemini-embedding-001; text-embedding-004/005 have 768

function dimensionsFor(model: string, asked: unknown): number {
  if (typeof asked === 'number' && Number.isInteger(asked) && asked > 0) return asked;
  return model.startsWith('text-') ? 768 : DEFAULT_DIMENSIONS;
}

export async function handleEmbedContent(ex: Exchange): Promise<void> {
  const model = ex.responseModel;
  const method = ex.route.googleMethod;
  if (method === 'predict') {
    const instances = Array.isArray(ex.body.instances) ? (ex.body.instances as any[]) : [];
    if (instances.length === 0) throw new InvalidRequest('instances: at least one instance is required');
    const dims = dimensionsFor(model, (ex.body.parameters as any)?.outputDimensionality);
    let characters = 0;
    const predictions = instances.map((instance) => {
      const text = typeof instance?.content === 'string' ? instance.content : contentText(instance?.content);
      characters += text.replace(/\s/g, '').length;
      const statistics = { truncated: false, token_count: countText(text, model) };
      return { embeddings: { values: Array.from(embed(text, dims)), statistics } };
    });
    sendJson(ex.res, 200, ex.headers, { predictions, metadata: { billableCharacterCount: characters } });
    return;
  }
  if (method === 'batchEmbedContents') {
    const requests = Array.isArray(ex.body.requests) ? (ex.body.requests as any[]) : [];
    if (requests.length === 0) throw new InvalidRequest('* BatchEmbedContentsRequest.requests: required');
    const embeddings = requests.map((r) => ({
      values: Array.from(embed(contentText(r?.content), dimensionsFor(model, r?.outputDimensionality))),
    }));
    sendJson(ex.res, 200, ex.headers, { embeddings });
    return;
  }
  const text = contentText(ex.body.content);
  const dims = dimensionsFor(model, ex.body.outputDimensionality);
  const embedding = { values: Array.from(embed(text, dims)) };
  // Vertex AI's embedContent (gemini-embedding models) reports the input tokens; the Gemini API's does not.
  const usage =
    ex.route.provider === 'vertex_ai' ? { usageMetadata: { promptTokenCount: countText(text, model) } } : {};
  sendJson(ex.res, 200, ex.headers, { embedding, ...usage });
}
