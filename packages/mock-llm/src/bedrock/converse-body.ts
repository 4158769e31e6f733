import type { ToolChoice, ToolSpec } from '../tool-call.js';

// Reading a Bedrock Converse request body (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html):
// `messages[].content[]` and `system[]` are blocks (`text`, `toolUse`, `toolResult`, `image`, `document`,
// `cachePoint`, ...), tools are `toolConfig.tools[].toolSpec`. Amazon Nova's InvokeModel body has the same shape.

type Json = Record<string, any>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A `cachePoint` block marks the end of the prefix to cache (`ttl` `5m` by default, `1h` where supported):
 * https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html */
function cacheControl(block: Json): Json | undefined {
  if (!isObject(block.cachePoint)) return undefined;
  return { type: 'ephemeral', ...(block.cachePoint.ttl === '1h' ? { ttl: '1h' } : {}) };
}

function toolResultText(result: Json): string {
  const content = Array.isArray(result.content) ? result.content : [];
  return content
    .map((c: Json) =>
      typeof c?.text === 'string' ? c.text : isObject(c?.json) ? JSON.stringify(c.json) : '',
    )
    .join('');
}

/** One Converse content block as the Anthropic block the token counter and prompt cache read. */
function anthropicBlock(block: Json): Json | undefined {
  if (typeof block.text === 'string') return { type: 'text', text: block.text };
  if (isObject(block.toolUse))
    return {
      type: 'tool_use',
      id: block.toolUse.toolUseId,
      name: block.toolUse.name,
      input: block.toolUse.input,
    };
  if (isObject(block.toolResult))
    return {
      type: 'tool_result',
      tool_use_id: block.toolResult.toolUseId,
      content: toolResultText(block.toolResult),
    };
  return undefined;
}

/** Blocks with each `cachePoint` turned into `cache_control` on the block before it. */
function blocks(list: unknown): Json[] {
  const out: Json[] = [];
  for (const block of Array.isArray(list) ? list : []) {
    if (!isObject(block)) continue;
    const cache = cacheControl(block);
    const last = out[out.length - 1];
    if (cache !== undefined) {
      if (last !== undefined) last.cache_control = cache;
      continue;
    }
    const converted = anthropicBlock(block);
    if (converted !== undefined) out.push(converted);
  }
  return out;
}

/**
 * The Converse request as an Anthropic Messages body (system, messages, tools with `cache_control`), so the mock
 * counts its input and models prompt caching the same way for both APIs.
 */
export function asAnthropicBody(body: Json): Json {
  const tools: Json[] = [];
  for (const tool of Array.isArray(body.toolConfig?.tools) ? body.toolConfig.tools : []) {
    const cache = isObject(tool) ? cacheControl(tool) : undefined;
    if (cache !== undefined) {
      const last = tools[tools.length - 1];
      if (last !== undefined) last.cache_control = cache;
    } else if (isObject(tool?.toolSpec) && typeof tool.toolSpec.name === 'string') {
      const spec = tool.toolSpec;
      tools.push({
        name: spec.name,
        description: spec.description ?? '',
        input_schema: spec.inputSchema?.json ?? {},
      });
    }
  }
  const messages = (Array.isArray(body.messages) ? body.messages : []).map((m: Json) => ({
    role: String(m?.role),
    content: blocks(m?.content),
  }));
  const system = blocks(body.system);
  return { messages, ...(system.length > 0 ? { system } : {}), ...(tools.length > 0 ? { tools } : {}) };
}

export function converseTools(body: Json): ToolSpec[] {
  const out: ToolSpec[] = [];
  for (const tool of Array.isArray(body.toolConfig?.tools) ? body.toolConfig.tools : []) {
    const spec = tool?.toolSpec;
    if (isObject(spec) && typeof spec.name === 'string')
      out.push({ name: spec.name, schema: spec.inputSchema?.json });
  }
  return out;
}

/** `toolConfig.toolChoice`: `{auto: {}}`, `{any: {}}` or `{tool: {name}}`. */
export function converseToolChoice(body: Json): ToolChoice {
  const choice = body.toolConfig?.toolChoice;
  if (isObject(choice?.any)) return { required: true, none: false };
  if (isObject(choice?.tool) && typeof choice.tool.name === 'string')
    return { required: true, none: false, name: choice.tool.name };
  return { required: false, none: false };
}

/** `inferenceConfig.maxTokens` (Nova's InvokeModel body also accepts the older `max_new_tokens`). */
export function converseMaxTokens(body: Json): number | undefined {
  const config = body.inferenceConfig;
  const n = config?.maxTokens ?? config?.max_new_tokens;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The request marks a prefix to cache somewhere (system, messages or tools). */
export function hasCachePoint(body: Json): boolean {
  const lists = [
    body.system,
    body.toolConfig?.tools,
    ...(Array.isArray(body.messages) ? body.messages.map((m: Json) => m?.content) : []),
  ];
  return lists.some((list) => Array.isArray(list) && list.some((b) => isObject(b) && isObject(b.cachePoint)));
}
