import { readFileSync } from 'node:fs';
import type { ChatMessageLike, CountMessageOptions } from '@llmcost/pricing';
import { CliError, UsageError } from '../errors.js';

/** What to count: plain text, or a chat request's messages (with its system prompt and tools). */
export type EstimateInput =
  | { kind: 'text'; source: string; text: string }
  | { kind: 'messages'; source: string; messages: ChatMessageLike[]; options: CountMessageOptions };

export async function readInput(
  opts: { file?: string; text?: string; 'messages-json'?: string },
  stdin: NodeJS.ReadStream,
): Promise<EstimateInput> {
  const given = (['text', 'file', 'messages-json'] as const).filter((k) => opts[k] !== undefined);
  if (given.length > 1) {
    throw new UsageError(`llmcost estimate: give one input, not ${given.map((g) => `--${g}`).join(' and ')}`);
  }
  if (opts.text !== undefined) return { kind: 'text', source: '--text', text: opts.text };
  if (opts.file !== undefined) return { kind: 'text', source: opts.file, text: readText(opts.file) };
  if (opts['messages-json'] !== undefined) return readMessages(opts['messages-json']);
  if (stdin.isTTY) {
    throw new UsageError(
      'llmcost estimate: no input: pass --text, --file, --messages-json or pipe text on stdin',
    );
  }
  let text = '';
  for await (const chunk of stdin) text += chunk;
  return { kind: 'text', source: 'stdin', text };
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

/** A messages array, or a whole request body with `messages` (and `system`, `tools`). */
function readMessages(file: string): EstimateInput {
  let data: unknown;
  try {
    data = JSON.parse(readText(file));
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(
      `${file}: is not valid JSON (${(err as Error).message.split('\n')[0]}); fix the syntax`,
    );
  }
  const body = Array.isArray(data) ? { messages: data } : (data as Record<string, unknown> | null);
  const messages = body?.messages;
  if (
    !Array.isArray(messages) ||
    messages.some((m) => typeof m !== 'object' || m === null || typeof m.role !== 'string')
  ) {
    throw new CliError(
      `${file}: field "messages" must be an array of {role, content} objects (or the file itself such an array), as sent to the chat API`,
    );
  }
  const options: CountMessageOptions = {};
  if (Array.isArray(body?.tools)) options.tools = body.tools;
  if (typeof body?.system === 'string' || Array.isArray(body?.system))
    options.system = body.system as CountMessageOptions['system'];
  return { kind: 'messages', source: file, messages: messages as ChatMessageLike[], options };
}
