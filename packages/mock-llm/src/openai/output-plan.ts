import { fixedText, type GeneratedText, generateText } from '../text.js';
import type { MockScenario } from '../types.js';

/** Reasoning tokens a reasoning model reports when the scenario sets none. */
export const DEFAULT_REASONING_TOKENS = 64;

/** o-series and gpt-5 models think before they answer and bill that as reasoning output tokens. */
export function isReasoningModel(model: string): boolean {
  const name = model.toLowerCase().split('/').pop() ?? '';
  return /^o\d(?:$|-)/.test(name) || name.startsWith('gpt-5');
}

export interface OutputPlan {
  text: GeneratedText;
  reasoningTokens: number;
  /** True when the output cap cut the answer short. */
  truncated: boolean;
}

/**
 * What one choice produces. Reasoning comes first and counts against the cap (`max_completion_tokens`,
 * `max_output_tokens` include reasoning tokens), then visible text up to the scenario's length, or the
 * answer-mode reply (`answer`) when there is one.
 */
export function planOutput(
  model: string,
  scenario: MockScenario,
  cap: number | undefined,
  variant = 0,
  answer?: string,
): OutputPlan {
  let reasoningTokens = scenario.reasoningTokens ?? (isReasoningModel(model) ? DEFAULT_REASONING_TOKENS : 0);
  if (cap !== undefined) reasoningTokens = Math.min(reasoningTokens, cap);
  if (answer !== undefined) {
    const text = fixedText(
      model,
      answer,
      cap === undefined ? Number.POSITIVE_INFINITY : cap - reasoningTokens,
    );
    return { text, reasoningTokens, truncated: text.truncated };
  }
  let visible = scenario.outputTokens;
  let truncated = false;
  if (cap !== undefined) {
    if (cap - reasoningTokens < visible) {
      visible = cap - reasoningTokens;
      truncated = true;
    }
  }
  return { text: generateText(model, visible, variant), reasoningTokens, truncated };
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
  /** OpenRouter's charged cost (https://openrouter.ai/docs/use-cases/usage-accounting). */
  cost?: number;
}

/** Chat Completions usage: `prompt_tokens` includes the cached ones, `completion_tokens` the reasoning ones. */
export function chatUsage(
  promptTokens: number,
  completionTokens: number,
  reasoning: number,
  scenario: MockScenario,
): ChatUsage {
  const cached = Math.min(scenario.cachedTokens ?? 0, promptTokens);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
    ...(scenario.reportedCost === undefined ? {} : { cost: scenario.reportedCost }),
  };
}

/** Splits a string into pieces of about `size` characters (tool-call argument deltas). */
export function splitPieces(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}
