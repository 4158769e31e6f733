import { countMessageTokens, countTokens } from '@llmcost/pricing';

// Input usage is REALLY counted with the same tokenizers @llmcost/pricing uses: exact for OpenAI models,
// its documented approximation for Claude and others. A counting failure (never expected) falls back to
// ~4 characters per token so the server still answers.

export function countText(text: string, model: string): number {
  if (text.length === 0) return 0;
  try {
    return countTokens(text, model).tokens;
  } catch {
    return Math.ceil(text.length / 4);
  }
}

export interface CountInput {
  messages: readonly { role: string; content?: unknown }[];
  tools?: readonly unknown[];
  system?: string | readonly unknown[];
}

export function countMessages(input: CountInput, model: string): number {
  const options: { tools?: readonly unknown[]; system?: string | readonly unknown[] } = {};
  if (input.tools && input.tools.length > 0) options.tools = input.tools;
  if (input.system !== undefined) options.system = input.system;
  try {
    // Request bodies are untyped JSON; pricing reads them loosely.
    return countMessageTokens(input.messages as any, model, options).tokens;
  } catch {
    return Math.ceil(JSON.stringify(input).length / 4);
  }
}
