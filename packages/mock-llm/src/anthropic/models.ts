import type { Exchange } from '../exchange.js';
import { sendJson } from '../http.js';

// GET /v1/models (Anthropic shape). https://docs.anthropic.com/en/api/models-list
const MODELS: readonly [string, string, string][] = [
  ['claude-opus-4-7', 'Claude Opus 4.7', '2026-04-16T00:00:00Z'],
  ['claude-sonnet-4-6', 'Claude Sonnet 4.6', '2026-02-17T00:00:00Z'],
  ['claude-opus-4-1-20250805', 'Claude Opus 4.1', '2025-08-05T00:00:00Z'],
  ['claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', '2025-09-29T00:00:00Z'],
  ['claude-sonnet-4-20250514', 'Claude Sonnet 4', '2025-05-14T00:00:00Z'],
  ['claude-haiku-4-5-20251001', 'Claude Haiku 4.5', '2025-10-01T00:00:00Z'],
  ['claude-3-5-haiku-20241022', 'Claude Haiku 3.5', '2024-10-22T00:00:00Z'],
];

const entry = ([id, display_name, created_at]: readonly [string, string, string]) => ({
  type: 'model',
  id,
  display_name,
  created_at,
});

export async function handleAnthropicModels(ex: Exchange): Promise<void> {
  if (ex.route.modelId) {
    const found = MODELS.find(([id]) => id === ex.route.modelId);
    sendJson(
      ex.res,
      200,
      ex.headers,
      found ? entry(found) : entry([ex.route.modelId, ex.route.modelId, '2025-01-01T00:00:00Z']),
    );
    return;
  }
  const data = MODELS.map(entry);
  sendJson(ex.res, 200, ex.headers, {
    data,
    has_more: false,
    first_id: data[0]?.id,
    last_id: data[data.length - 1]?.id,
  });
}
