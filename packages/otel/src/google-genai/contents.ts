import type { GenAiMessage } from '../core/types.js';
import { textMessage } from '../recorder/content.js';

/**
 * Gemini request content in any shape the SDK accepts (`ContentListUnion`): a string, a Part, a Content
 * `{role, parts}`, or a list of them. https://googleapis.github.io/js-genai/release_docs/types/types.ContentListUnion.html
 */
function asContents(contents: unknown): { role: string; parts: unknown[] }[] {
  const list = Array.isArray(contents)
    ? contents
    : contents === undefined || contents === null
      ? []
      : [contents];
  const out: { role: string; parts: unknown[] }[] = [];
  let loose: unknown[] | undefined;
  for (const item of list) {
    const parts = (item as { parts?: unknown })?.parts;
    if (Array.isArray(parts)) {
      loose = undefined;
      out.push({ role: String((item as { role?: unknown }).role ?? 'user'), parts });
    } else {
      // Bare strings and parts make up one user turn, as the SDK's tContents does.
      if (loose === undefined) {
        loose = [];
        out.push({ role: 'user', parts: loose });
      }
      loose.push(item);
    }
  }
  return out;
}

function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part === null || typeof part !== 'object') return '';
  const p = part as Record<string, unknown>;
  if (typeof p.text === 'string') return p.text;
  if (p.functionCall !== undefined || p.functionResponse !== undefined) return JSON.stringify(p);
  return '';
}

export function partsText(parts: unknown): string {
  if (!Array.isArray(parts)) return '';
  let out = '';
  for (const part of parts) out += partText(part);
  return out;
}

/** Everything of a request's prompt that is text: contents, system instruction, tool declarations. */
export function promptText(contents: unknown, config: any): string {
  let text = '';
  for (const c of asContents(contents)) text += `${partsText(c.parts)}\n`;
  const system = config?.systemInstruction;
  if (system !== undefined) for (const c of asContents(system)) text += `${partsText(c.parts)}\n`;
  if (Array.isArray(config?.tools) && config.tools.length > 0) text += JSON.stringify(config.tools);
  return text;
}

export function promptMessages(contents: unknown, config: any): GenAiMessage[] {
  const out: GenAiMessage[] = [];
  const system = config?.systemInstruction;
  if (system !== undefined) {
    out.push(
      textMessage(
        'system',
        asContents(system)
          .map((c) => partsText(c.parts))
          .join('\n'),
      ),
    );
  }
  for (const c of asContents(contents)) out.push(textMessage(c.role, partsText(c.parts)));
  return out;
}

/** `models/gemini-2.5-flash`, `publishers/google/models/...`, `projects/p/locations/l/publishers/google/models/...`
 * and `google/gemini-2.5-flash` name the model `gemini-2.5-flash` (tuned models keep their resource name). */
export function modelId(model: unknown): string {
  const name = String(model);
  const at = name.lastIndexOf('models/');
  if (at === 0 || (at > 0 && name[at - 1] === '/')) return name.slice(at + 'models/'.length);
  return name.startsWith('google/') ? name.slice('google/'.length) : name;
}
