import type { EncodingName } from './model-encoding.js';

type CountText = (text: string) => number;

// The OpenAI cookbook's function-definition counting ("How to count tokens with tiktoken", section 7,
// https://github.com/openai/openai-cookbook/blob/main/examples/How_to_count_tokens_with_tiktoken.ipynb), whose
// constants were fitted against the API for gpt-4o / gpt-4o-mini (funcInit 7) and gpt-3.5-turbo / gpt-4
// (funcInit 10). It is a fit, not the server's rendering of the schema, so a count with tools is never exact.
const O200K_CONSTANTS = { funcInit: 7, propInit: 3, propKey: 3, enumInit: -3, enumItem: 3, funcEnd: 12 };
const CL100K_CONSTANTS = { ...O200K_CONSTANTS, funcInit: 10 };

interface NeutralTool {
  name: string;
  description: string;
  properties: Record<string, unknown>;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** OpenAI `{type:'function', function:{name, description, parameters}}` or Anthropic `{name, description, input_schema}`. */
function neutralTool(tool: unknown): NeutralTool | undefined {
  const outer = asRecord(tool);
  if (outer === undefined) return undefined;
  const fn = asRecord(outer.function) ?? outer;
  if (typeof fn.name !== 'string') return undefined;
  const schema = asRecord(fn.parameters) ?? asRecord(fn.input_schema);
  return {
    name: fn.name,
    description: typeof fn.description === 'string' ? fn.description : '',
    properties: asRecord(schema?.properties) ?? {},
  };
}

const withoutFinalDot = (text: string) => (text.endsWith('.') ? text.slice(0, -1) : text);

/**
 * Tokens that tool definitions add to a request, by the cookbook's formula. Beyond the cookbook (which reads only
 * flat properties and would crash on anything else): a property's nested `properties` / `items` / `anyOf` schema is
 * counted from its JSON, and a tool that is not a function definition (built-in tools, unknown shapes) is counted
 * from its JSON, so nested and unknown schemas are over- rather than under-counted.
 */
export function countToolDefinitionTokens(
  tools: readonly unknown[],
  encoding: EncodingName,
  count: CountText,
): number {
  if (tools.length === 0) return 0;
  const k = encoding === 'cl100k_base' ? CL100K_CONSTANTS : O200K_CONSTANTS;
  let tokens = 0;
  for (const tool of tools) {
    const fn = neutralTool(tool);
    if (fn === undefined) {
      tokens += count(JSON.stringify(tool) ?? '');
      continue;
    }
    tokens += k.funcInit + count(`${fn.name}:${withoutFinalDot(fn.description)}`);
    const entries = Object.entries(fn.properties);
    if (entries.length > 0) tokens += k.propInit;
    for (const [key, raw] of entries) {
      const prop = asRecord(raw) ?? {};
      tokens += k.propKey;
      if (Array.isArray(prop.enum)) {
        tokens += k.enumInit;
        for (const item of prop.enum) tokens += k.enumItem + count(String(item));
      }
      const type = Array.isArray(prop.type) ? prop.type.join('|') : String(prop.type ?? '');
      const description = typeof prop.description === 'string' ? prop.description : '';
      tokens += count(`${key}:${type}:${withoutFinalDot(description)}`);
      for (const nested of ['properties', 'items', 'anyOf', 'oneOf', 'allOf'] as const) {
        if (prop[nested] !== undefined) tokens += count(JSON.stringify(prop[nested]));
      }
    }
  }
  return tokens + k.funcEnd;
}
