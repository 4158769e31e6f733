import type { Exchange } from '../exchange.js';
import { sendJson } from '../http.js';
import { countPrompt } from './contents.js';

// POST .../models/{model}:countTokens -> {"totalTokens": N}. Free of charge: nothing is generated.
// https://ai.google.dev/api/tokens#method:-models.counttokens
export async function handleGeminiCountTokens(ex: Exchange): Promise<void> {
  // The Gemini API also takes the request wrapped as `generateContentRequest`.
  const inner = ex.body.generateContentRequest;
  const body = inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : ex.body;
  const totalTokens = countPrompt(body, ex.responseModel);
  sendJson(ex.res, 200, ex.headers, {
    totalTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: totalTokens }],
  });
}
