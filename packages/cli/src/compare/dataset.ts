import { readFileSync } from 'node:fs';
import { CliError } from '../errors.js';

/** A chat message as the dataset gives it: OpenAI style, text only. */
export interface CaseMessage {
  role: 'system' | 'developer' | 'user' | 'assistant';
  content: string;
}

/** One line of the dataset, checked. */
export interface CompareCase {
  /** `id` from the line, else `line N`. */
  id: string;
  /** 1-based line number in the file, for messages. */
  line: number;
  messages: CaseMessage[];
  /** Exact answer: the reply, trimmed, must equal it. */
  expected?: string;
  /** Substrings the reply must contain (case-insensitive). */
  contains?: string[];
  /** Output cap for this case (overrides --max-tokens). */
  maxTokens?: number;
}

/** The schema, for `--help` and docs/compare.md. */
export const DATASET_SCHEMA = `Dataset (JSONL, one case per line; blank lines and lines starting with # are skipped):
  {"id": "capital-fr", "prompt": "Capital of France? One word.", "expected": "Paris"}
  {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Name two primary colours."}],
   "contains": ["red", "blue"], "max_tokens": 50}
  prompt      a user message (string); or
  messages    OpenAI-style [{role: system|developer|user|assistant, content: string or [{type: "text", text}]}],
              ending with a user message (system messages become Claude's system prompt)
  expected    exact answer: correct when the reply, trimmed, equals it
  contains    a string or an array of strings: correct when the reply contains each (case-insensitive)
  id          optional name of the case; max_tokens  optional output cap for this case
  A case with neither expected nor contains is run and costed but not scored.`;

const ROLES = new Set(['system', 'developer', 'user', 'assistant']);
const KNOWN = new Set(['id', 'prompt', 'messages', 'expected', 'contains', 'max_tokens']);

/** Reads and checks a dataset file; the first bad line throws one `file:line: ...` message. */
export function readDataset(file: string): CompareCase[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`cannot read dataset ${file} (${code}): check the --dataset path`);
  }
  const cases: CompareCase[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    cases.push(parseCase(line, i + 1, (msg) => new CliError(`${file}:${i + 1}: ${msg}`)));
  }
  if (cases.length === 0)
    throw new CliError(`${file}: no cases: write one JSON object per line (see --help)`);
  return cases;
}

function parseCase(line: string, lineNo: number, fail: (msg: string) => Error): CompareCase {
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch (err) {
    throw fail(`not valid JSON (${(err as Error).message.split('\n')[0]}): write one JSON object per line`);
  }
  if (!item || typeof item !== 'object' || Array.isArray(item)) throw fail('must be a JSON object');
  const o = item as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !KNOWN.has(k));
  if (unknown !== undefined) throw fail(`unknown field "${unknown}": use ${[...KNOWN].join(', ')}`);

  let messages: CaseMessage[];
  if (o.prompt !== undefined && o.messages !== undefined) throw fail('give "prompt" or "messages", not both');
  if (typeof o.prompt === 'string' && o.prompt.trim()) messages = [{ role: 'user', content: o.prompt }];
  else if (o.prompt !== undefined) throw fail('field "prompt" must be a non-empty string');
  else if (Array.isArray(o.messages)) messages = o.messages.map((m, j) => parseMessage(m, j, fail));
  else throw fail('needs "prompt" (a string) or "messages" (an array of {role, content})');
  if (messages.at(-1)?.role !== 'user') throw fail('field "messages" must end with a user message');

  const c: CompareCase = { id: typeof o.id === 'string' ? o.id : `line ${lineNo}`, line: lineNo, messages };
  if (o.id !== undefined && typeof o.id !== 'string') throw fail('field "id" must be a string');
  if (o.expected !== undefined) {
    if (typeof o.expected !== 'string') throw fail('field "expected" must be a string');
    c.expected = o.expected;
  }
  if (o.contains !== undefined) {
    const list = typeof o.contains === 'string' ? [o.contains] : o.contains;
    if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string' || s === '')) {
      throw fail('field "contains" must be a non-empty string or an array of them');
    }
    c.contains = list as string[];
  }
  if (o.max_tokens !== undefined) {
    if (typeof o.max_tokens !== 'number' || !Number.isInteger(o.max_tokens) || o.max_tokens <= 0)
      throw fail('field "max_tokens" must be a positive integer');
    c.maxTokens = o.max_tokens;
  }
  return c;
}

function parseMessage(m: unknown, index: number, fail: (msg: string) => Error): CaseMessage {
  const where = `messages[${index}]`;
  if (!m || typeof m !== 'object') throw fail(`field "${where}" must be an object {role, content}`);
  const { role, content } = m as { role?: unknown; content?: unknown };
  if (typeof role !== 'string' || !ROLES.has(role))
    throw fail(`field "${where}.role" must be one of ${[...ROLES].join(', ')}`);
  let text: string | undefined;
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content) && content.every(isTextPart))
    text = content.map((p) => (p as { text: string }).text).join('\n');
  if (text === undefined)
    throw fail(`field "${where}.content" must be a string or an array of {type: "text", text} parts`);
  return { role: role as CaseMessage['role'], content: text };
}

function isTextPart(p: unknown): boolean {
  return (
    !!p &&
    typeof p === 'object' &&
    (p as { type?: unknown }).type === 'text' &&
    typeof (p as { text?: unknown }).text === 'string'
  );
}

/** The text mock-llm's answer mode keys on: the last user message, trimmed. */
export function promptKey(c: CompareCase): string {
  return (c.messages.at(-1)?.content ?? '').trim();
}

/** The reply a right answer would be (for mock-llm's answer mode): `expected`, else `contains` joined. */
export function rightAnswer(c: CompareCase): string | undefined {
  return c.expected ?? c.contains?.join(' ');
}
