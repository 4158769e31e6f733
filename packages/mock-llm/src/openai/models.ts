import type { Exchange } from '../exchange.js';
import { sendJson } from '../http.js';

// GET /v1/models and /v1/models/{id}. https://platform.openai.com/docs/api-reference/models
const MODELS: readonly [string, number, string][] = [
  ['gpt-4o', 1715367049, 'system'],
  ['gpt-4o-mini', 1721172741, 'system'],
  ['gpt-4.1', 1744316542, 'system'],
  ['gpt-4.1-mini', 1744318173, 'system'],
  ['gpt-5', 1754425777, 'system'],
  ['gpt-5-mini', 1754425928, 'system'],
  ['o3', 1744225308, 'system'],
  ['o4-mini', 1744225351, 'system'],
  ['text-embedding-3-small', 1705948997, 'system'],
  ['text-embedding-3-large', 1705953180, 'system'],
  ['text-embedding-ada-002', 1671217299, 'openai-internal'],
];

const entry = ([id, created, owned_by]: readonly [string, number, string]) => ({
  id,
  object: 'model',
  created,
  owned_by,
});

export async function handleModels(ex: Exchange): Promise<void> {
  if (ex.route.modelId) {
    const found = MODELS.find(([id]) => id === ex.route.modelId);
    sendJson(ex.res, 200, ex.headers, entry(found ?? [ex.route.modelId, 1700000000, 'user-mockllm']));
    return;
  }
  sendJson(ex.res, 200, ex.headers, { object: 'list', data: MODELS.map(entry) });
}
