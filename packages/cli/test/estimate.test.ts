import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPrice, getModelLimits } from '@llmcost/pricing';
import { getEncoding } from 'js-tiktoken';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcost-cli-estimate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PROMPT = 'Summarise the attached quarterly report in three bullet points, highlighting cost drivers.';
const o200k = getEncoding('o200k_base');

interface Row {
  model: string;
  status: string;
  pricingModel?: string;
  inputTokens: number;
  exact: boolean;
  inputUsd?: number;
  maxOutputTokens?: number;
  worstCaseUsd?: number;
}

const estimate = async (...args: string[]) => {
  const r = await runCli(['estimate', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { source: string; models: Row[] };
};

describe('llmcost estimate', () => {
  it('an OpenAI model: the exact o200k count, priced from the table, worst case with --max-output', async () => {
    const got = await estimate('--model', 'gpt-4o', '--text', PROMPT, '--max-output', '1000');
    const row = got.models[0]!;
    const entry = findPrice('gpt-4o')!;
    expect(row.inputTokens).toBe(o200k.encode(PROMPT).length);
    expect(row.exact).toBe(true);
    expect(row.pricingModel).toBe(entry.model);
    expect(row.inputUsd).toBeCloseTo((row.inputTokens * entry.input) / 1e6, 12);
    expect(row.maxOutputTokens).toBe(1000);
    expect(row.worstCaseUsd).toBeCloseTo((row.inputTokens * entry.input + 1000 * entry.output) / 1e6, 12);
  });

  it('several models, stdin input, worst case from the model limit; Claude counts are approximate', async () => {
    const r = await runCli(['estimate', '--model', 'gpt-4o-mini', '--model', 'claude-sonnet-4-5', '--json'], {
      input: PROMPT,
    });
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as { source: string; models: Row[] };
    expect(got.source).toBe('stdin');
    expect(got.models.map((m) => m.model)).toEqual(['gpt-4o-mini', 'claude-sonnet-4-5']);
    const claude = got.models[1]!;
    expect(claude.exact).toBe(false);
    expect(claude.inputTokens).toBeGreaterThan(0);
    expect(claude.maxOutputTokens).toBe(getModelLimits('claude-sonnet-4-5')?.maxOutputTokens);
    const entry = findPrice('claude-sonnet-4-5')!;
    expect(claude.worstCaseUsd).toBeCloseTo(
      (claude.inputTokens * entry.input + claude.maxOutputTokens! * entry.output) / 1e6,
      12,
    );
  });

  it('the text table says exact or approx, and names the unpriced model', async () => {
    const r = await runCli([
      'estimate',
      '--model',
      'gpt-4o',
      '--model',
      'claude-sonnet-4-5',
      '--model',
      'no-such-model-1',
      '--text',
      PROMPT,
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.includes(' gpt-4o '))).toMatch(/ exact /);
    expect(lines.find((l) => l.includes(' claude-sonnet-4-5 '))).toMatch(/ approx /);
    expect(lines.find((l) => l.includes(' no-such-model-1 '))).toMatch(/ unpriced /);
    expect(r.stdout).toContain('note: no price for no-such-model-1');
  });

  it('--file and --messages-json (a request body with system and tools)', async () => {
    const file = join(dir, 'prompt.txt');
    writeFileSync(file, PROMPT);
    const fromFile = await estimate('--model', 'gpt-4o', '--file', file);
    expect(fromFile.source).toBe(file);
    expect(fromFile.models[0]!.inputTokens).toBe(o200k.encode(PROMPT).length);

    const body = join(dir, 'request.json');
    writeFileSync(body, JSON.stringify({ messages: [{ role: 'user', content: PROMPT }] }));
    const plain = (await estimate('--model', 'gpt-4o', '--messages-json', body)).models[0]!;
    // Chat framing adds tokens around the text (role, separators, reply priming).
    expect(plain.inputTokens).toBeGreaterThan(o200k.encode(PROMPT).length);
    expect(plain.exact).toBe(true);

    writeFileSync(
      body,
      JSON.stringify({ system: 'Be brief.', messages: [{ role: 'user', content: PROMPT }] }),
    );
    const withSystem = (await estimate('--model', 'gpt-4o', '--messages-json', body)).models[0]!;
    expect(withSystem.inputTokens).toBeGreaterThan(plain.inputTokens);
  });

  it.each([
    [['estimate', '--text', 'x'], 2, /--model is required/],
    [
      ['estimate', '--model', 'gpt-4o', '--text', 'x', '--file', 'y'],
      2,
      /give one input, not --text and --file/,
    ],
    [
      ['estimate', '--model', 'gpt-4o', '--text', 'x', '--max-output=-3'],
      2,
      /--max-output must be a positive integer, got '-3'/,
    ],
    [
      ['estimate', '--model', 'gpt-4o', '--text', 'x', '--max-output', '1.5'],
      2,
      /--max-output must be a positive integer, got '1.5'/,
    ],
    [
      ['estimate', '--model', 'gpt-4o', '--file', '/nonexistent/prompt.txt'],
      1,
      /cannot read \/nonexistent\/prompt\.txt \(ENOENT\)/,
    ],
    [['estimate', '--model'], 2, /argument missing/],
  ])('%j: exit %i with one line', async (args, code, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--messages-json that is not a chat request: exit 1 naming the file and field', async () => {
    const body = join(dir, 'bad.json');
    writeFileSync(body, JSON.stringify({ prompt: 'hi' }));
    const r = await runCli(['estimate', '--model', 'gpt-4o', '--messages-json', body]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${body}: field "messages" must be an array`);
  });
});
