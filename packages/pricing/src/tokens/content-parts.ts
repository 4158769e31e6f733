type CountText = (text: string) => number;

export interface PartsCount {
  /** Tokens counted from text with the encoder. */
  tokens: number;
  /** Tokens estimated without text (images, see image-tokens.ts), in the model's own tokens: never scaled. */
  fixed: number;
  /** false when a part's token cost cannot be reproduced locally (images, files, several parts joined). */
  exact: boolean;
}

const IMAGE_TYPES = new Set(['image_url', 'image', 'input_image']);

function textOf(part: Record<string, unknown>): string | undefined {
  return typeof part.text === 'string' ? part.text : undefined;
}

/**
 * Tokens of a message's `content`: a string, or an array of OpenAI content parts / Anthropic content blocks.
 * A single text part is the same prompt as a string; several are joined by the server, so their separate counts
 * are not exact. Anthropic `tool_use` counts its name and JSON input, `tool_result` its nested content, `thinking`
 * its text; anything else unknown counts its JSON (an over-count, never a silent zero).
 */
export function countContent(content: unknown, count: CountText, imageTokens: number): PartsCount {
  if (content === undefined || content === null) return { tokens: 0, fixed: 0, exact: true };
  if (typeof content === 'string') return { tokens: count(content), fixed: 0, exact: true };
  if (!Array.isArray(content))
    return { tokens: count(JSON.stringify(content) ?? ''), fixed: 0, exact: false };
  let tokens = 0;
  let fixed = 0;
  let exact = content.length <= 1;
  for (const raw of content) {
    if (typeof raw === 'string') {
      tokens += count(raw);
      continue;
    }
    const part = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const text = textOf(part);
    if (part.type === 'text' && text !== undefined) {
      tokens += count(text);
    } else if (IMAGE_TYPES.has(String(part.type))) {
      fixed += imageTokens;
      exact = false;
    } else if (part.type === 'tool_use' || part.type === 'server_tool_use') {
      tokens += count(String(part.name ?? '')) + count(JSON.stringify(part.input ?? {}));
      exact = false;
    } else if (part.type === 'tool_result') {
      const nested = countContent(part.content, count, imageTokens);
      tokens += nested.tokens;
      fixed += nested.fixed;
      exact = false;
    } else if (part.type === 'thinking' && typeof part.thinking === 'string') {
      tokens += count(part.thinking);
      exact = false;
    } else {
      tokens += count(JSON.stringify(part) ?? '');
      exact = false;
    }
  }
  return { tokens, fixed, exact };
}
