import type { GenAiMessage } from '../core/types.js';
import { textMessage } from '../recorder/content.js';
import { countMessageTokens } from '../recorder/pricing-port.js';

// Converse content blocks (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html):
// `text`, `image` / `document` / `video` (bytes or an S3 location), `toolUse`, `toolResult`, `reasoningContent`,
// `cachePoint`, ... System blocks (`SystemContentBlock`) are `text`, `guardContent` or `cachePoint`.

type Block = Record<string, any>;

const blocksOf = (v: unknown): Block[] =>
  Array.isArray(v) ? v.filter((b) => b !== null && typeof b === 'object') : [];

/** The text of blocks: text, tool inputs and results, reasoning (what the model reads or writes as tokens). */
export function blocksText(blocks: unknown): string {
  let out = '';
  for (const b of blocksOf(blocks)) {
    if (typeof b.text === 'string') out += b.text;
    else if (b.toolUse) out += `${b.toolUse.name ?? ''}${JSON.stringify(b.toolUse.input ?? {})}`;
    else if (b.toolResult) out += blocksText(b.toolResult.content) + jsonOf(b.toolResult.content);
    else if (typeof b.reasoningContent?.reasoningText?.text === 'string')
      out += b.reasoningContent.reasoningText.text;
    else if (typeof b.guardContent?.text?.text === 'string') out += b.guardContent.text.text;
  }
  return out;
}

function jsonOf(blocks: unknown): string {
  let out = '';
  for (const b of blocksOf(blocks)) if (b.json !== undefined) out += JSON.stringify(b.json);
  return out;
}

/**
 * The prompt as the guard reads it: system, messages and tool specs serialised, with binary content (image,
 * document and video bytes, a Uint8Array in the SDK's input) as base64, the size it has on the wire.
 */
export function promptText(params: any): string {
  return JSON.stringify(
    [params.system ?? null, params.messages ?? null, params.toolConfig ?? null],
    function (key, value) {
      const raw = (this as Record<string, unknown>)[key];
      return raw instanceof Uint8Array ? Buffer.from(raw).toString('base64') : value;
    },
  );
}

/** Local count of the prompt (a stream cut before its `metadata` event reported usage). */
export function countPrompt(params: any, model: string): number {
  const messages = blocksOf(params.messages).map((m) => ({
    role: String(m.role),
    content: blocksText(m.content),
  }));
  const options: { system?: string; tools?: unknown[] } = {};
  const system = blocksText(params.system);
  if (system.length > 0) options.system = system;
  const tools = blocksOf(params.toolConfig?.tools).filter((t) => t.toolSpec);
  if (tools.length > 0)
    options.tools = tools.map((t) => ({
      name: t.toolSpec.name,
      description: t.toolSpec.description,
      input_schema: t.toolSpec.inputSchema?.json,
    }));
  return countMessageTokens(messages, model, options).tokens;
}

export function promptMessages(params: any): GenAiMessage[] {
  const out: GenAiMessage[] = [];
  const system = blocksText(params.system);
  if (system.length > 0) out.push(textMessage('system', system));
  for (const m of blocksOf(params.messages)) out.push(textMessage(String(m.role), blocksText(m.content)));
  return out;
}
