import { readFileSync } from 'node:fs';

const dir = new URL('./', import.meta.url);

/** A JSON fixture, or the events of a newline-delimited stream fixture. */
export function fixture(name: string): any {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
}

export function streamFixture(name: string): any[] {
  return readFileSync(new URL(name, dir), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** Shapes a provider could send that are not usage: every converter must return undefined, never throw. */
export const MALFORMED: unknown[] = [
  undefined,
  null,
  0,
  'usage',
  [],
  {},
  { usage: null },
  { usage: 'x' },
  { prompt_tokens: 'ten', completion_tokens: 5 },
  { prompt_tokens: -1, completion_tokens: 5 },
  { input_tokens: Number.NaN, output_tokens: 1 },
  { input_tokens: 1.5, output_tokens: 1 },
  { promptTokenCount: '9' },
  { usageMetadata: { promptTokenCount: -3 } },
];
