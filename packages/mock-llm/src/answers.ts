import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MockAnswer } from './types.js';

/**
 * Answer mode: with a list of known prompts and their right answers, the mock answers like a model of a
 * given skill. Deterministic, so a test (or `llmcost compare --mock`) can compute the expected accuracy:
 *
 *   u       = first 8 hex digits of sha256("<model>\n<prompt>") / 2^32   (a number in [0, 1))
 *   correct = u < skill
 *   reply   = correct ? answer : WRONG_ANSWER
 *
 * `<model>` is the requested model without any `::` scenario suffix, `<prompt>` the trimmed text of the
 * request's last user message, as given in the answer list. Prompts not in the list get the usual filler text.
 */
export const WRONG_ANSWER = 'I do not know.';

/** Skill of a model when no `x-mock-skill` is set: smaller model families answer fewer questions right. */
export function defaultSkill(model: string): number {
  const name = model.toLowerCase();
  if (name.includes('nano')) return 0.5;
  if (/mini|haiku|flash|small|lite/.test(name)) return 0.7;
  return 0.9;
}

/** The deterministic draw in [0, 1) for one model and prompt. */
export function answerDraw(model: string, prompt: string): number {
  const hex = createHash('sha256').update(`${model}\n${prompt}`, 'utf8').digest('hex').slice(0, 8);
  return Number.parseInt(hex, 16) / 2 ** 32;
}

function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string')
    return (part as { text: string }).text;
  return '';
}

/** Text of the last user message of a chat / Messages body, or of a Responses `input`. */
export function lastUserText(body: Record<string, unknown>): string | undefined {
  if (typeof body.input === 'string') return body.input.trim();
  const list = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : [];
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i] as { role?: unknown; content?: unknown } | null;
    if (m?.role !== 'user') continue;
    const content = Array.isArray(m.content)
      ? m.content.map(partText).filter(Boolean).join('\n')
      : partText(m.content);
    return content.trim();
  }
  return undefined;
}

/** The known prompts, and the reply each model gives. */
export class AnswerBook {
  private readonly answers = new Map<string, string>();

  constructor(answers: readonly MockAnswer[] = []) {
    for (const a of answers) this.answers.set(a.prompt.trim(), a.answer);
  }

  get size(): number {
    return this.answers.size;
  }

  /** The reply text for this request, or undefined when its prompt is not in the book. */
  reply(model: string, body: Record<string, unknown>, skill: number | undefined): string | undefined {
    if (this.answers.size === 0) return undefined;
    const prompt = lastUserText(body);
    if (prompt === undefined) return undefined;
    const answer = this.answers.get(prompt);
    if (answer === undefined) return undefined;
    return answerDraw(model, prompt) < (skill ?? defaultSkill(model)) ? answer : WRONG_ANSWER;
  }
}

/**
 * Answers from a JSONL file in the `llmcost compare` dataset format: one case per line with `prompt` (a
 * string) or `messages` (the last user message is the prompt), and `expected` (the answer) or `contains`
 * (a string or strings; the answer is them joined by spaces); cases with neither are run by compare but
 * have no answer here. Blank lines and `#` comments are skipped.
 */
export function readAnswersFile(file: string): MockAnswer[] {
  const out: MockAnswer[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let item: Record<string, unknown>;
    try {
      item = JSON.parse(line);
    } catch (err) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(err as Error).message})`);
    }
    const answer = answerOf(item);
    const prompt = typeof item.prompt === 'string' ? item.prompt.trim() : lastUserText(item);
    if (prompt === undefined) {
      throw new Error(`${file}:${i + 1}: needs "prompt" or "messages" (see llmcost compare --help)`);
    }
    // A case without `expected`/`contains` is valid in a compare dataset (it is run, not scored): no answer.
    if (answer !== undefined) out.push({ prompt, answer });
  }
  return out;
}

/** The right answer of a dataset case: `expected`, or the `contains` substrings joined by spaces. */
export function answerOf(item: Record<string, unknown>): string | undefined {
  if (typeof item.expected === 'string') return item.expected;
  if (typeof item.contains === 'string') return item.contains;
  if (Array.isArray(item.contains) && item.contains.every((c) => typeof c === 'string'))
    return item.contains.join(' ');
  return undefined;
}
