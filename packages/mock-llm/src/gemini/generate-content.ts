import { type Exchange, InvalidRequest } from '../exchange.js';
import { randomId, sendJson } from '../http.js';
import { openStream } from '../sse.js';
import { generateText } from '../text.js';
import { countText } from '../tokens.js';
import { exampleArguments, pickTool, type ToolChoice, type ToolSpec } from '../tool-call.js';
import { countPrompt } from './contents.js';

// POST .../models/{model}:generateContent and :streamGenerateContent?alt=sse (Gemini API and Vertex AI).
// https://ai.google.dev/api/generate-content, https://ai.google.dev/api/generate-content#UsageMetadata

/** Thoughts a thinking model reports when the scenario sets none (`x-mock-reasoning-tokens`). */
export const DEFAULT_THOUGHTS = 24;

const FINISH: Record<string, string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  content_filter: 'SAFETY',
  tool_calls: 'STOP',
};

/** Gemini 2.5 Pro / Flash and the 3.x models think by default; Flash-Lite and 2.0 do not. */
function thinksByDefault(model: string): boolean {
  const name = model.toLowerCase();
  if (name.includes('lite')) return false;
  return /^gemini-(2\.5|3)/.test(name);
}

function config(body: Record<string, unknown>): Record<string, any> {
  const c = body.generationConfig;
  return c && typeof c === 'object' ? (c as Record<string, any>) : {};
}

function toolsOf(body: Record<string, unknown>): ToolSpec[] {
  const out: ToolSpec[] = [];
  for (const tool of Array.isArray(body.tools) ? (body.tools as any[]) : []) {
    for (const d of Array.isArray(tool?.functionDeclarations) ? tool.functionDeclarations : []) {
      if (typeof d?.name === 'string')
        out.push({ name: d.name, schema: d.parameters ?? d.parametersJsonSchema });
    }
  }
  return out;
}

// https://ai.google.dev/api/caching#FunctionCallingConfig
function toolChoiceOf(body: Record<string, unknown>): ToolChoice {
  const fc = (body.toolConfig as any)?.functionCallingConfig ?? {};
  const allowed = Array.isArray(fc.allowedFunctionNames) ? fc.allowedFunctionNames : [];
  if (fc.mode === 'NONE') return { required: false, none: true };
  if (fc.mode === 'ANY') return { required: true, none: false, ...(allowed[0] ? { name: allowed[0] } : {}) };
  return { required: false, none: false };
}

interface Plan {
  parts: Record<string, unknown>[];
  /** Stream deltas of the text answer (one part each); a tool call is one chunk. */
  pieces: string[];
  finishReason: string;
  candidates: number;
  thoughts: number;
}

function plan(ex: Exchange): Plan {
  const model = ex.responseModel;
  const c = config(ex.body);
  const cap = typeof c.maxOutputTokens === 'number' ? c.maxOutputTokens : undefined;
  const budget = c.thinkingConfig?.thinkingBudget;
  let thoughts = ex.scenario.reasoningTokens ?? (thinksByDefault(model) ? DEFAULT_THOUGHTS : 0);
  if (budget === 0) thoughts = 0;
  else if (typeof budget === 'number' && budget > 0) thoughts = Math.min(thoughts, budget);
  // maxOutputTokens covers thinking too (recorded responses: thoughts + candidates <= maxOutputTokens).
  if (cap !== undefined) thoughts = Math.min(thoughts, cap);
  const tool = pickTool(toolsOf(ex.body), toolChoiceOf(ex.body), ex.scenario);
  if (tool) {
    const args = exampleArguments(tool);
    const candidates = countText(tool.name, model) + countText(JSON.stringify(args), model);
    return {
      parts: [{ functionCall: { name: tool.name, args } }],
      pieces: [],
      finishReason: 'STOP',
      candidates,
      thoughts,
    };
  }
  let visible = ex.scenario.outputTokens;
  let finishReason = 'STOP';
  if (cap !== undefined && cap - thoughts < visible) {
    visible = cap - thoughts;
    finishReason = 'MAX_TOKENS';
  }
  const text = generateText(model, visible);
  if (ex.scenario.finish) finishReason = FINISH[ex.scenario.finish] ?? finishReason;
  return {
    parts: [{ text: text.text }],
    pieces: text.pieces,
    finishReason,
    candidates: text.tokens,
    thoughts,
  };
}

/** `promptTokenCount` includes cached content; thoughts are not in `candidatesTokenCount`. */
function usageOf(ex: Exchange, prompt: number, p: Plan, vertex: boolean): Record<string, unknown> {
  const cached = Math.min(ex.scenario.cachedTokens ?? 0, prompt);
  const usage: Record<string, unknown> = {
    promptTokenCount: prompt,
    candidatesTokenCount: p.candidates,
    totalTokenCount: prompt + p.candidates + p.thoughts,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
  };
  if (cached > 0) {
    usage.cachedContentTokenCount = cached;
    usage.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: cached }];
  }
  if (p.thoughts > 0) usage.thoughtsTokenCount = p.thoughts;
  if (vertex) {
    usage.candidatesTokensDetails = [{ modality: 'TEXT', tokenCount: p.candidates }];
    usage.trafficType = 'ON_DEMAND';
  }
  return usage;
}

export async function handleGenerateContent(ex: Exchange): Promise<void> {
  const contents = ex.body.contents;
  if (!Array.isArray(contents) || contents.length === 0)
    throw new InvalidRequest('* GenerateContentRequest.contents: contents is not specified');
  const vertex = ex.route.provider === 'vertex_ai';
  const prompt = countPrompt(ex.body, ex.responseModel);
  const p = plan(ex);
  const usage = usageOf(ex, prompt, p, vertex);
  const envelope: Record<string, unknown> = {
    modelVersion: ex.responseModel,
    responseId: randomId('', 23),
    ...(vertex ? { createTime: new Date().toISOString() } : {}),
  };
  const withUsage = (u: Record<string, unknown>) => (ex.scenario.noUsage ? {} : { usageMetadata: u });
  if (!ex.route.stream) {
    sendJson(ex.res, 200, ex.headers, {
      candidates: [{ content: { parts: p.parts, role: 'model' }, finishReason: p.finishReason, index: 0 }],
      ...withUsage(usage),
      ...envelope,
    });
    return;
  }
  // A failed stream ends with the API's error object as an SSE event.
  const sse = await openStream(ex, {
    data: {
      error: {
        code: 503,
        message: 'The model is overloaded. Please try again later.',
        status: 'UNAVAILABLE',
      },
    },
  });
  // Every chunk carries usageMetadata; before the last one only the prompt side is known.
  const running = {
    promptTokenCount: prompt,
    totalTokenCount: prompt,
    promptTokensDetails: usage.promptTokensDetails,
  };
  const deltas = p.pieces.length > 0 ? p.pieces : [null];
  for (const [i, piece] of deltas.entries()) {
    if (!sse.alive) break;
    const last = i === deltas.length - 1;
    const parts = piece === null ? p.parts : [{ text: piece }];
    const candidate: Record<string, unknown> = { content: { parts, role: 'model' }, index: 0 };
    if (last) candidate.finishReason = p.finishReason;
    await sse.send({ candidates: [candidate], ...withUsage(last ? usage : running), ...envelope });
  }
  sse.end();
}
