import type { MockScenario } from './types.js';

export interface ToolSpec {
  name: string;
  /** JSON Schema of the arguments. */
  schema?: unknown;
}

export interface ToolChoice {
  /** The model must call some tool (OpenAI `required`, Anthropic `any`). */
  required: boolean;
  /** The model must call this tool (OpenAI `{type:'function'}`, Anthropic `{type:'tool'}`). */
  name?: string;
  /** Tools are disabled (`none`). */
  none: boolean;
}

/**
 * The tool the mock calls, or undefined for a text answer: a forced tool_choice wins, then the scenario's
 * `tool-call` (a name, or the first tool). `tool_choice: none` never calls.
 */
export function pickTool(
  tools: ToolSpec[],
  choice: ToolChoice,
  scenario: MockScenario,
): ToolSpec | undefined {
  if (choice.none) return undefined;
  if (choice.name) return tools.find((t) => t.name === choice.name) ?? { name: choice.name };
  const wanted = scenario.toolCall;
  if (typeof wanted === 'string') return tools.find((t) => t.name === wanted) ?? { name: wanted };
  if (wanted === true || choice.required) return tools[0];
  return undefined;
}

/** A deterministic value that satisfies a JSON Schema well enough for SDK helpers and app code to parse. */
export function exampleValue(schema: unknown, key = 'value'): unknown {
  if (!schema || typeof schema !== 'object') return `example ${key}`;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const anyOf = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length > 0) return exampleValue(anyOf[0], key);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (s.properties ?? {}) as Record<string, unknown>;
      for (const [name, sub] of Object.entries(props)) out[name] = exampleValue(sub, name);
      return out;
    }
    case 'array':
      return [exampleValue(s.items, key)];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return s.properties ? exampleValue({ ...s, type: 'object' }, key) : `example ${key}`;
  }
}

export function exampleArguments(tool: ToolSpec): Record<string, unknown> {
  const value = exampleValue(tool.schema ?? { type: 'object', properties: {} });
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * The JSON text a structured-output request gets: an example of its JSON Schema (`json_schema`), or a
 * small object (`json_object`). Undefined for plain text. Takes chat `response_format` or Responses
 * `text.format`, whose schema sits at `json_schema.schema` and `schema` respectively.
 */
export function structuredText(format: unknown): string | undefined {
  if (!format || typeof format !== 'object') return undefined;
  const f = format as Record<string, unknown>;
  if (f.type === 'json_object') return JSON.stringify({ answer: 'example answer' });
  if (f.type !== 'json_schema') return undefined;
  const schema = (f.json_schema as Record<string, unknown> | undefined)?.schema ?? f.schema;
  return JSON.stringify(exampleValue(schema ?? { type: 'object', properties: {} }));
}
