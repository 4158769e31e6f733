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
const file = (name: string, data: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
  return path;
};

interface Line {
  outputTokens: number;
  perCallUsd: number;
  per1kCallsUsd: number;
}
interface Row {
  model: string;
  pricingModel: string;
  inputTokens: number;
  exact: boolean;
  inputUsd: number;
  typical: Line;
  worstCase: Line;
}
interface Doc {
  source: string;
  shape: string;
  models: Row[];
}

const estimate = async (...args: string[]) => {
  const r = await runCli(['estimate', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Doc;
};

/** The price table's rates, applied by hand: USD per 1M tokens. */
function priced(model: string, input: number, output: number) {
  const e = findPrice(model)!;
  return (input * e.input + output * e.output) / 1e6;
}

function expectLine(row: Row, line: Line, outputTokens: number) {
  expect(line.outputTokens).toBe(outputTokens);
  expect(line.perCallUsd).toBeCloseTo(priced(row.model, row.inputTokens, outputTokens), 12);
  expect(line.per1kCallsUsd).toBeCloseTo(1000 * priced(row.model, row.inputTokens, outputTokens), 9);
}

describe('llmcost estimate', () => {
  it('a plain-text PROMPT_FILE, --models list: exact o200k count, typical and worst case per call and per 1,000', async () => {
    const path = file('prompt.txt', PROMPT);
    const got = await estimate(path, '--models', 'gpt-4o,gpt-4o-mini', '--max-tokens', '1000');
    expect(got.source).toBe(path);
    expect(got.shape).toBe('plain text');
    expect(got.models.map((m) => m.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
    for (const row of got.models) {
      expect(row.inputTokens).toBe(o200k.encode(PROMPT).length);
      expect(row.exact).toBe(true);
      expect(row.pricingModel).toBe(findPrice(row.model)!.model);
      expect(row.inputUsd).toBeCloseTo(priced(row.model, row.inputTokens, 0), 12);
      expectLine(row, row.typical, 256);
      expectLine(row, row.worstCase, 1000);
    }
  });

  it('an Anthropic Messages request: its model and max_tokens by default; Claude counts are estimated', async () => {
    const request = file('anthropic.json', {
      model: 'claude-sonnet-4-5',
      max_tokens: 700,
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }],
    });
    const got = await estimate(request, '--typical-output', '120');
    expect(got.shape).toBe('Anthropic Messages request');
    const [row] = got.models;
    expect(row!.model).toBe('claude-sonnet-4-5');
    expect(row!.exact).toBe(false);
    expect(row!.inputTokens).toBeGreaterThan(o200k.encode(PROMPT).length);
    expectLine(row!, row!.typical, 120);
    expectLine(row!, row!.worstCase, 700);
    // --max-tokens wins over the request's own cap.
    const capped = await estimate(request, '--max-tokens', '50');
    expectLine(capped.models[0]!, capped.models[0]!.worstCase, 50);
    expectLine(capped.models[0]!, capped.models[0]!.typical, 50);
  });

  it('an OpenAI chat request, a messages array and a Responses request count the same chat', async () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: PROMPT },
    ];
    const chat = await estimate(
      file('openai.json', { model: 'gpt-4o', messages, max_completion_tokens: 300 }),
      '--models',
      'gpt-4o',
    );
    expect(chat.shape).toBe('OpenAI chat request');
    expectLine(chat.models[0]!, chat.models[0]!.worstCase, 300);
    const array = await estimate(file('array.json', messages), '--models', 'gpt-4o');
    expect(array.shape).toBe('messages array');
    const responses = await estimate(
      file('responses.json', { model: 'gpt-4o', instructions: 'Be brief.', input: PROMPT }),
    );
    expect(responses.shape).toBe('OpenAI Responses request');
    // Chat framing adds tokens around the text (role, separators, reply priming).
    expect(chat.models[0]!.inputTokens).toBeGreaterThan(o200k.encode(`Be brief.${PROMPT}`).length);
    expect(array.models[0]!.inputTokens).toBe(chat.models[0]!.inputTokens);
    expect(responses.models[0]!.inputTokens).toBe(chat.models[0]!.inputTokens);
  });

  it('stdin, --model repeated; without --max-tokens the worst case is the model output limit', async () => {
    const r = await runCli(['estimate', '--model', 'gpt-4o-mini', '--model', 'claude-sonnet-4-5', '--json'], {
      input: PROMPT,
    });
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as Doc;
    expect(got.source).toBe('stdin');
    const claude = got.models[1]!;
    expectLine(claude, claude.worstCase, getModelLimits('claude-sonnet-4-5')!.maxOutputTokens!);
  });

  it('the text table says exact or estimated and has per-1,000-call columns', async () => {
    const r = await runCli(['estimate', '--models', 'gpt-4o,claude-sonnet-4-5', '--text', PROMPT]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(r.stdout).toMatch(/typical\/call\s+typical\/1k calls\s+max out\s+worst\/call\s+worst\/1k calls/);
    expect(lines.find((l) => l.startsWith('  gpt-4o '))).toMatch(/ exact /);
    expect(lines.find((l) => l.startsWith('  claude-sonnet-4-5 '))).toMatch(/ estimated /);
    expect(r.stdout).toContain('estimated: no public tokenizer');
  });

  it('--file is plain text even when it looks like JSON', async () => {
    const text = '["not", "messages"]';
    const got = await estimate('--models', 'gpt-4o', '--file', file('literal.txt', text));
    expect(got.models[0]!.inputTokens).toBe(o200k.encode(text).length);
  });

  it.each([
    [['estimate', '--text', 'x'], 2, /--models is required/],
    [
      ['estimate', '--models', 'gpt-4o', '--text', 'x', '--file', 'y'],
      2,
      /give one input, not --text and --file/,
    ],
    [['estimate', 'a.txt', '--models', 'gpt-4o', '--text', 'x'], 2, /give one input, not a\.txt and --text/],
    [
      ['estimate', '--models', 'gpt-4o', '--text', 'x', '--max-tokens=-3'],
      2,
      /--max-tokens must be a positive integer, got '-3'/,
    ],
    [
      ['estimate', '--models', 'gpt-4o', '--text', 'x', '--max-output', '1.5'],
      2,
      /--max-output must be a positive integer, got '1.5'/,
    ],
    [
      ['estimate', '--models', 'gpt-4o', '--text', 'x', '--typical-output', '0'],
      2,
      /--typical-output must be a positive integer/,
    ],
    [
      ['estimate', '--models', 'no-such-model-1', '--text', 'x'],
      2,
      /no price for model 'no-such-model-1'.*llmcost pricing no-such-model-1/,
    ],
    [
      ['estimate', '--models', 'gpt-4o', '/nonexistent/prompt.txt'],
      1,
      /cannot read \/nonexistent\/prompt\.txt \(ENOENT\)/,
    ],
    [['estimate', '--model'], 2, /argument missing/],
  ])('%j: exit %i with one line', async (args, code, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('one unknown model among known ones: the known ones are printed, the unknown one named unpriced, exit 2', async () => {
    const args = ['estimate', '--models', 'gpt-4o,no-such-model-1,gpt-4o-mini', '--text', 'Say hi'];
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^ {2}gpt-4o +openai gpt-4o /m);
    expect(r.stdout).toMatch(/^ {2}gpt-4o-mini +openai gpt-4o-mini /m);
    expect(r.stdout).toContain('no-such-model-1: unpriced, no price in table');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no price for model 'no-such-model-1'/);
    const json = await runCli([...args, '--json']);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout) as { models: Array<{ model: string }>; unpricedModels: string[] };
    expect(doc.models.map((m) => m.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
    expect(doc.unpricedModels).toEqual(['no-such-model-1']);
  });

  it.each([
    ['a request without messages', { prompt: 'hi' }, /field "messages" must be an array/],
    ['messages without roles', [{ content: 'hi' }], /field "messages" must be an array/],
    ['broken JSON', '{"messages": [', /is not valid JSON/],
  ])('%s: exit 1 naming the file', async (_, data, message) => {
    const path = file(`bad-${Math.random().toString(36).slice(2)}.json`, data);
    const r = await runCli(['estimate', '--models', 'gpt-4o', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path}: `);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
