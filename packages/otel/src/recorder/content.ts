import type { GenAiMessage } from '../core/types.js';

/**
 * Serialises captured messages (semconv v1.41 JSON shape) into one attribute value of at most `maxChars`
 * characters. Over the cap, message texts are cut from the end so the value stays valid JSON.
 */
export function serializeMessages(messages: GenAiMessage[], maxChars: number): string {
  const json = JSON.stringify(messages);
  if (json.length <= maxChars) return json;
  let budget = Math.max(0, maxChars - (json.length - totalTextLength(messages)) - 16);
  const cut = messages.map((m) => ({
    ...m,
    parts: m.parts.map((p) => {
      const keep = Math.min(p.content.length, budget);
      budget -= keep;
      return { type: p.type, content: p.content.slice(0, keep) };
    }),
  }));
  // Even empty texts do not fit: drop whole messages from the end, so the value stays valid JSON.
  while (cut.length > 0) {
    const out = JSON.stringify(cut);
    if (out.length <= maxChars) return out;
    cut.pop();
  }
  return '[]';
}

function totalTextLength(messages: GenAiMessage[]): number {
  let n = 0;
  for (const m of messages) for (const p of m.parts) n += p.content.length;
  return n;
}

/** Text of an OpenAI/Anthropic content value: a string, or parts/blocks whose text parts are joined. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) {
    if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') {
      out += (part as { text: string }).text;
    }
  }
  return out;
}

export function textMessage(role: string, text: string, finishReason?: string): GenAiMessage {
  const message: GenAiMessage = { role, parts: [{ type: 'text', content: text }] };
  if (finishReason !== undefined) message.finish_reason = finishReason;
  return message;
}
