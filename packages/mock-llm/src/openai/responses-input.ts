import type { CountInput } from '../tokens.js';

// The Responses API takes `instructions` plus `input` (a string or a list of items); they are counted as
// the equivalent chat messages, and function tools in their chat form.

function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (!part || typeof part !== 'object') return '';
  const p = part as Record<string, unknown>;
  if (typeof p.text === 'string') return p.text;
  if (typeof p.refusal === 'string') return p.refusal;
  return '';
}

function itemToMessage(item: unknown): { role: string; content: string } | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const it = item as Record<string, unknown>;
  if (it.type === 'function_call')
    return { role: 'assistant', content: `${it.name ?? ''}${it.arguments ?? ''}` };
  if (it.type === 'function_call_output') {
    return {
      role: 'tool',
      content: typeof it.output === 'string' ? it.output : JSON.stringify(it.output ?? ''),
    };
  }
  if (typeof it.role !== 'string') return undefined;
  const role = it.role === 'developer' ? 'system' : it.role;
  const content = Array.isArray(it.content) ? it.content.map(partText).join('') : partText(it.content);
  return { role, content };
}

export function responsesCountInput(body: Record<string, unknown>): CountInput {
  const messages: { role: string; content: string }[] = [];
  if (typeof body.instructions === 'string') messages.push({ role: 'system', content: body.instructions });
  if (typeof body.input === 'string') messages.push({ role: 'user', content: body.input });
  else if (Array.isArray(body.input)) {
    for (const item of body.input) {
      const message = itemToMessage(item);
      if (message) messages.push(message);
    }
  }
  const tools = (Array.isArray(body.tools) ? (body.tools as Record<string, unknown>[]) : [])
    .filter((t) => t?.type === 'function')
    .map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  return { messages, ...(tools.length > 0 ? { tools } : {}) };
}
