import { findPrice, getModelLimits } from '@llmcost/pricing';
import { UsageError } from '../errors.js';
import type { CompareCase } from './dataset.js';
import type { Sdks } from './telemetry.js';

/** Which SDK a model is called with, and the environment variable that holds its key. */
export interface ModelTarget {
  model: string;
  /** Provider of the matched price entry (`openai`, `anthropic`, `deepseek`, ...). */
  provider: string;
  pricingModel: string;
  sdk: 'openai' | 'anthropic';
  keyVariable: 'OPENAI_API_KEY' | 'ANTHROPIC_API_KEY';
}

/**
 * Resolves each `--models` entry in the price table. Claude models go through `@anthropic-ai/sdk`; every
 * other provider through `openai` (OpenAI itself, and OpenAI-compatible endpoints via OPENAI_BASE_URL).
 */
export function resolveTargets(models: readonly string[]): ModelTarget[] {
  return models.map((model) => {
    const entry = findPrice(model);
    if (!entry) {
      throw new UsageError(
        `llmcost compare: no price for model '${model}': a comparison needs its cost; check the name with llmcost pricing ${model}, or add it with --pricing-file FILE`,
      );
    }
    const anthropic = entry.provider === 'anthropic';
    return {
      model,
      provider: entry.provider,
      pricingModel: entry.model,
      sdk: anthropic ? 'anthropic' : 'openai',
      keyVariable: anthropic ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY',
    };
  });
}

export interface CallerOptions {
  /** mock-llm base URL (`--mock`): no key needed. */
  mockUrl?: string;
  /** mock-llm answer-mode skill for this model (`--mock-skill`). */
  mockSkill?: number;
  /** Output cap when the case sets none (`--max-tokens`). */
  maxTokens?: number;
}

export interface Reply {
  text: string;
  /** The provider's response id: the key to the call's span (`gen_ai.response.id`). */
  responseId: string | undefined;
}

/** Claude requires max_tokens; without --max-tokens a short-answer default, within the model's limit. */
const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

/** A function that sends one case to one model through the real (instrumented) SDK. */
export function createCaller(
  target: ModelTarget,
  sdks: Sdks,
  options: CallerOptions,
): (c: CompareCase) => Promise<Reply> {
  const headers = options.mockSkill !== undefined ? { 'x-mock-skill': String(options.mockSkill) } : undefined;
  const common = {
    ...(options.mockUrl !== undefined ? { apiKey: 'mock' } : {}),
    ...(headers ? { defaultHeaders: headers } : {}),
  };
  if (target.sdk === 'anthropic') {
    const client = new sdks.Anthropic({
      ...common,
      ...(options.mockUrl !== undefined ? { baseURL: options.mockUrl } : {}),
    });
    const limit = getModelLimits(target.model)?.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
    return async (c) => {
      // The Messages API takes the system prompt as a parameter, not as a message.
      const system = c.messages
        .filter((m) => m.role === 'system' || m.role === 'developer')
        .map((m) => m.content)
        .join('\n\n');
      const messages = c.messages
        .filter((m) => m.role === 'user' || m.role === 'assistant')
        .map((m) => ({ role: m.role, content: m.content }));
      const r = await client.messages.create({
        model: target.model,
        max_tokens: c.maxTokens ?? options.maxTokens ?? Math.min(ANTHROPIC_DEFAULT_MAX_TOKENS, limit),
        messages,
        ...(system ? { system } : {}),
      });
      const text = (r.content as { type: string; text?: string }[])
        .filter((b) => b.type === 'text')
        .map((b) => b.text ?? '')
        .join('');
      return { text, responseId: typeof r.id === 'string' ? r.id : undefined };
    };
  }
  const client = new sdks.OpenAI({
    ...common,
    ...(options.mockUrl !== undefined ? { baseURL: `${options.mockUrl}/v1` } : {}),
  });
  // OpenAI deprecated max_tokens for max_completion_tokens (reasoning models reject the old name);
  // OpenAI-compatible servers of other providers mostly know only max_tokens.
  const capField = target.provider === 'openai' ? 'max_completion_tokens' : 'max_tokens';
  return async (c) => {
    const cap = c.maxTokens ?? options.maxTokens;
    const r = await client.chat.completions.create({
      model: target.model,
      messages: c.messages,
      ...(cap !== undefined ? { [capField]: cap } : {}),
    });
    return {
      text: r.choices?.[0]?.message?.content ?? '',
      responseId: typeof r.id === 'string' ? r.id : undefined,
    };
  };
}
