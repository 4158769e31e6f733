import { countText } from '../tokens.js';

/** The text of a Gemini `Content` list (`[{role, parts: [{text}]}]`), a single Content, or a bare string. */
export function contentText(contents: unknown): string {
  if (typeof contents === 'string') return contents;
  const list = Array.isArray(contents) ? contents : contents ? [contents] : [];
  const out: string[] = [];
  for (const content of list) {
    if (typeof content === 'string') {
      out.push(content);
      continue;
    }
    const parts = (content as { parts?: unknown })?.parts;
    if (!Array.isArray(parts)) continue;
    for (const part of parts) {
      const p = part as Record<string, unknown>;
      if (typeof p?.text === 'string') out.push(p.text);
      else if (p?.functionCall || p?.functionResponse) out.push(JSON.stringify(p));
    }
  }
  return out.join('\n');
}

/**
 * Prompt tokens of a generateContent / countTokens body: contents, system instruction and tool declarations,
 * counted with the same tokenizer approximation @llmcost/pricing uses for Gemini models.
 */
export function countPrompt(body: Record<string, unknown>, model: string): number {
  let text = contentText(body.contents);
  const system = body.systemInstruction ?? body.system_instruction;
  if (system !== undefined) text += `\n${contentText(system)}`;
  if (Array.isArray(body.tools) && body.tools.length > 0) text += `\n${JSON.stringify(body.tools)}`;
  return countText(text, model);
}
