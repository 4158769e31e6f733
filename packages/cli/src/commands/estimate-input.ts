import { readFileSync } from 'node:fs';
import type { ChatMessageLike, CountMessageOptions } from '@llmcost/pricing';
import { CliError, UsageError } from '../errors.js';

/** What to count: plain text, or a chat request's messages (with its system prompt and tools). */
export type EstimateInput =
  | { kind: 'text'; source: string; text: string }
  | {
      kind: 'messages';
      source: string;
      /** How the file was read: `messages array`, `OpenAI chat request`, `Anthropic Messages request`, ... */
      shape: string;
      messages: ChatMessageLike[];
      options: CountMessageOptions;
      /** The request's own `model`, used when no --models is given. */
      model?: string;
      /** The request's output cap (`max_tokens`, `max_completion_tokens`, `max_output_tokens`). */
      maxTokens?: number;
    };

export interface InputFlags {
  file?: string | undefined;
  text?: string | undefined;
  'messages-json'?: string | undefined;
}

/**
 * The prompt, from (exactly one of) a positional FILE, --file, --text, --messages-json or stdin. A positional
 * file is sniffed: JSON (a messages array, an OpenAI / Anthropic / Responses request, or a JSON string) or,
 * when it does not parse as JSON, plain text.
 */
export async function readInput(
  opts: InputFlags,
  positional: string | undefined,
  stdin: NodeJS.ReadStream,
): Promise<EstimateInput> {
  const given = (['text', 'file', 'messages-json'] as const)
    .filter((k) => opts[k] !== undefined)
    .map((k) => `--${k}`);
  if (positional !== undefined) given.unshift(positional);
  if (given.length > 1) {
    throw new UsageError(`llmcost estimate: give one input, not ${given.join(' and ')}`);
  }
  if (positional !== undefined) return sniff(positional, readText(positional));
  if (opts.text !== undefined) return { kind: 'text', source: '--text', text: opts.text };
  if (opts.file !== undefined) return { kind: 'text', source: opts.file, text: readText(opts.file) };
  if (opts['messages-json'] !== undefined) {
    const file = opts['messages-json'];
    return fromJson(parseJson(file, readText(file)), file);
  }
  if (stdin.isTTY) {
    throw new UsageError(
      'llmcost estimate: no input: give a prompt FILE, --text, --file, --messages-json or pipe text on stdin',
    );
  }
  let text = '';
  for await (const chunk of stdin) text += chunk;
  return sniff('stdin', text);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(
      `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}): check the path`,
    );
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(
      `${file}: is not valid JSON (${(err as Error).message.split('\n')[0]}); fix the syntax`,
    );
  }
}

/** JSON when it looks like JSON (or the file is named .json), plain text otherwise. */
function sniff(source: string, text: string): EstimateInput {
  const head = text.trimStart()[0];
  if (source.endsWith('.json') || head === '[' || head === '{') {
    return fromJson(parseJson(source, text), source);
  }
  return { kind: 'text', source, text };
}

type Body = Record<string, unknown>;

const isMessage = (m: unknown) =>
  typeof m === 'object' && m !== null && typeof (m as { role?: unknown }).role === 'string';

/** A messages array, a chat request (OpenAI or Anthropic), a Responses request, or a JSON string. */
export function fromJson(data: unknown, source: string): EstimateInput {
  if (typeof data === 'string') return { kind: 'text', source, text: data };
  if (Array.isArray(data)) {
    if (!data.every(isMessage)) throw notAPrompt(source);
    return { kind: 'messages', source, shape: 'messages array', messages: data, options: {} };
  }
  if (!data || typeof data !== 'object') throw notAPrompt(source);
  const body = data as Body;
  if (body.messages !== undefined) return chatRequest(body, source);
  if (body.input !== undefined) return responsesRequest(body, source);
  throw notAPrompt(source);
}

function notAPrompt(source: string): CliError {
  return new CliError(
    `${source}: field "messages" must be an array of {role, content} objects: give plain text, a messages array, or a request with "messages" (OpenAI chat, Anthropic Messages) or "input" (OpenAI Responses)`,
  );
}

function chatRequest(body: Body, source: string): EstimateInput {
  const messages = body.messages;
  if (!Array.isArray(messages) || !messages.every(isMessage)) throw notAPrompt(source);
  const options: CountMessageOptions = {};
  if (Array.isArray(body.tools)) options.tools = body.tools;
  if (typeof body.system === 'string' || Array.isArray(body.system))
    options.system = body.system as CountMessageOptions['system'];
  return {
    kind: 'messages',
    source,
    shape: isAnthropic(body) ? 'Anthropic Messages request' : 'OpenAI chat request',
    messages: messages as ChatMessageLike[],
    options,
    ...common(body, ['max_completion_tokens', 'max_tokens']),
  };
}

/** Anthropic's shape: a top-level `system`, tools with `input_schema`, or tool_use / tool_result blocks. */
function isAnthropic(body: Body): boolean {
  if (body.system !== undefined) return true;
  if (Array.isArray(body.tools) && body.tools.some((t) => (t as Body)?.input_schema !== undefined))
    return true;
  return (body.messages as { content?: unknown }[]).some(
    (m) =>
      Array.isArray(m.content) &&
      m.content.some((b) => ['tool_use', 'tool_result'].includes((b as Body)?.type as string)),
  );
}

/** Responses API: `instructions` is the system prompt; `input` a string or a list of messages. */
function responsesRequest(body: Body, source: string): EstimateInput {
  const messages: ChatMessageLike[] = [];
  if (typeof body.instructions === 'string') messages.push({ role: 'system', content: body.instructions });
  if (typeof body.input === 'string') messages.push({ role: 'user', content: body.input });
  else if (Array.isArray(body.input) && body.input.every(isMessage))
    messages.push(...(body.input as ChatMessageLike[]));
  else throw notAPrompt(source);
  const options: CountMessageOptions = Array.isArray(body.tools) ? { tools: body.tools } : {};
  return {
    kind: 'messages',
    source,
    shape: 'OpenAI Responses request',
    messages,
    options,
    ...common(body, ['max_output_tokens']),
  };
}

function common(body: Body, capFields: string[]): { model?: string; maxTokens?: number } {
  const out: { model?: string; maxTokens?: number } = {};
  if (typeof body.model === 'string' && body.model) out.model = body.model;
  for (const f of capFields) {
    const v = body[f];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) {
      out.maxTokens = v;
      break;
    }
  }
  return out;
}
