import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockLlm } from '@llmcost/mock-llm';
import { countMessageTokens, countTokens, findPrice } from '@llmcost/pricing';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers/run-cli.js';

const DATASET = fileURLToPath(new URL('./fixtures/compare/qa.jsonl', import.meta.url));
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-haiku-4-5'];
const dir = mkdtempSync(join(tmpdir(), 'llmcost-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  model: string;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  totalCostUsd: number;
  costPerCallUsd: number | null;
  latencyMsP50: number | null;
  latencyMsP95: number | null;
  correct: number;
  scored: number;
  accuracy: number | null;
  relativeCost: number | null;
  unobservedCalls: number;
}

// ---- The independent computation: mock-llm's README "Answer mode" and the price table, written out here. ----

interface Case {
  prompt?: string;
  messages?: { role: string; content: string | { type: string; text: string }[] }[];
  expected?: string;
  contains?: string | string[];
}
const CASES: Case[] = readFileSync(DATASET, 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => JSON.parse(l));
const text = (c: Case['messages'] extends (infer M)[] | undefined ? M : never) =>
  typeof c.content === 'string' ? c.content : c.content.map((p) => p.text).join('\n');
const messagesOf = (c: Case) =>
  c.prompt !== undefined
    ? [{ role: 'user', content: c.prompt }]
    : c.messages!.map((m) => ({ role: m.role, content: text(m) }));
const contains = (c: Case) => (typeof c.contains === 'string' ? [c.contains] : c.contains);
const answerOf = (c: Case) => c.expected ?? contains(c)?.join(' ');
const draw = (model: string, prompt: string) =>
  Number.parseInt(createHash('sha256').update(`${model}\n${prompt}`).digest('hex').slice(0, 8), 16) / 2 ** 32;
const defaultSkill = (model: string) =>
  model.includes('nano') ? 0.5 : /mini|haiku|flash|small|lite/.test(model) ? 0.7 : 0.9;
const isRight = (c: Case, reply: string) =>
  (c.expected === undefined || reply.trim() === c.expected) &&
  (contains(c) ?? []).every((s) => reply.toLowerCase().includes(s.toLowerCase()));

function expectedRow(model: string, skill = defaultSkill(model)) {
  const entry = findPrice(model)!;
  let input = 0;
  let output = 0;
  let cost = 0;
  let correct = 0;
  let scored = 0;
  for (const c of CASES) {
    const messages = messagesOf(c);
    const prompt = messages.at(-1)!.content.trim();
    const answer = answerOf(c);
    // Unscored cases are not in the answer list: the mock writes its usual 60 tokens of filler.
    const reply = answer === undefined ? undefined : draw(model, prompt) < skill ? answer : 'I do not know.';
    const inTok =
      entry.provider === 'anthropic'
        ? countMessageTokens(
            messages.filter((m) => m.role !== 'system') as never,
            model,
            messages.some((m) => m.role === 'system')
              ? {
                  system: messages
                    .filter((m) => m.role === 'system')
                    .map((m) => m.content)
                    .join('\n\n'),
                }
              : {},
          ).tokens
        : countMessageTokens(messages as never, model).tokens;
    const outTok = reply === undefined ? 60 : countTokens(reply, model).tokens;
    input += inTok;
    output += outTok;
    cost += (inTok * entry.input + outTok * entry.output) / 1e6;
    if (answer !== undefined) {
      scored++;
      if (isRight(c, reply!)) correct++;
    }
  }
  return { input, output, cost, correct, scored };
}

const compare = async (...extra: string[]) => {
  const r = await runCli([
    'compare',
    '--dataset',
    DATASET,
    '--models',
    MODELS.join(','),
    '--mock',
    '--format',
    'json',
    ...extra,
  ]);
  return {
    ...r,
    json: r.code === 0 ? (JSON.parse(r.stdout) as { cases: number; models: Row[] }) : undefined,
  };
};

describe('llmcost compare --mock (real SDKs, our instrumentation, mock-llm answer mode)', () => {
  it('per model: calls, tokens, cost and accuracy match the independent computation', async () => {
    const r = await compare('--concurrency', '3');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^compare: 36 calls \(0 failed\) to 3 models in [\d.]+ s\n$/);
    const rows = r.json!.models;
    expect(rows.map((m) => m.model)).toEqual(MODELS);
    expect(r.json!.cases).toBe(CASES.length);
    const costs = rows.map((m) => m.totalCostUsd);
    for (const row of rows) {
      const want = expectedRow(row.model);
      expect(row.calls).toBe(CASES.length);
      expect(row.errors).toBe(0);
      expect(row.unobservedCalls).toBe(0);
      expect(row.inputTokens).toBe(want.input);
      expect(row.outputTokens).toBe(want.output);
      expect(row.totalCostUsd).toBeCloseTo(want.cost, 12);
      expect(row.costPerCallUsd).toBeCloseTo(want.cost / CASES.length, 12);
      expect(row.scored).toBe(want.scored);
      expect(row.correct).toBe(want.correct);
      expect(row.accuracy).toBeCloseTo(want.correct / want.scored, 12);
      expect(row.relativeCost).toBeCloseTo(row.totalCostUsd / Math.max(...costs), 12);
      expect(row.latencyMsP50).toBeGreaterThan(0);
      expect(row.latencyMsP95).toBeGreaterThanOrEqual(row.latencyMsP50!);
    }
    // The rule gives the models different scores on this dataset, so accuracy is not a constant.
    expect(new Set(rows.map((m) => m.correct)).size).toBeGreaterThan(1);
  });

  it('--mock-skill sets a model skill: 1 answers all, 0 none', async () => {
    const r = await compare('--mock-skill', 'gpt-4o=1,gpt-4o-mini=0', '--mock-skill', 'claude-haiku-4-5=0.5');
    expect(r.code).toBe(0);
    const [a, b, c] = r.json!.models;
    expect(a!.correct).toBe(a!.scored);
    expect(b!.correct).toBe(0);
    expect(c!.correct).toBe(expectedRow('claude-haiku-4-5', 0.5).correct);
  });

  it('text and markdown tables: one row per model, cost relative to the priciest', async () => {
    const t = await runCli([
      'compare',
      '--dataset',
      DATASET,
      '--models',
      'gpt-4o,gpt-4o-mini',
      '--mock',
      '--quiet',
    ]);
    expect(t.code).toBe(0);
    expect(t.stderr).toBe('');
    const lines = t.stdout.split('\n');
    expect(lines[0]).toMatch(/^2 models on 12 cases from .*qa\.jsonl, against mock-llm \(offline\)/);
    expect(lines.find((l) => l.startsWith('  gpt-4o '))).toMatch(/ 100%$/);
    // gpt-4o-mini is priced at 1/16.7 of gpt-4o per token ($0.15 vs $2.50 input, $0.60 vs $10 output).
    expect(lines.find((l) => l.startsWith('  gpt-4o-mini '))).toMatch(/ \d+\.\d% \(1\/1\d\)$/);
    const md = await runCli([
      'compare',
      '--dataset',
      DATASET,
      '--models',
      'gpt-4o-mini',
      '--mock',
      '--format',
      'markdown',
      '--quiet',
    ]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| model | calls | errors |');
    expect(md.stdout).toMatch(/\n\| gpt-4o-mini \| 12 \| 0 \|/);
  });
});

describe('llmcost compare progress on a terminal', () => {
  // util-linux `script` runs the command on a pseudo-terminal, so stderr is a TTY as in an interactive shell.
  it.skipIf(!existsSync('/usr/bin/script'))('redraws a bar in place, reaches 100%, then the summary', () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} compare --dataset ${JSON.stringify(DATASET)} --models gpt-4o-mini --mock > /dev/null`;
    const tty = execFileSync('/usr/bin/script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
    const frames = tty.split('\r\x1b[2K').filter(Boolean);
    expect(frames.length).toBeGreaterThan(1);
    expect(frames[0]).toMatch(/^compare \[[#-]{24}\] +\d+% /);
    expect(frames.at(-2)).toMatch(/^compare \[#{24}\] 100% .* 12 \/ 12$/);
    expect(frames.at(-1)).toMatch(/^compare: 12 calls \(0 failed\) to 1 models in [\d.]+ s\r?\n$/);
  });
});

describe('llmcost compare: bad input and exit codes', () => {
  const write = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n'));
    return path;
  };

  it.each([
    ['not JSON', '{"prompt": "hi", "expected": ', /:3: not valid JSON/],
    ['no prompt', '{"expected": "x"}', /:3: needs "prompt" \(a string\) or "messages"/],
    ['an unknown field', '{"prompt": "a", "answer": "b"}', /:3: unknown field "answer"/],
    [
      'a bad role',
      '{"messages": [{"role": "robot", "content": "x"}]}',
      /:3: field "messages\[0\]\.role" must be one of/,
    ],
    ['contains not strings', '{"prompt": "a", "contains": [1]}', /:3: field "contains" must be/],
  ])('a dataset line with %s: exit 1, one line with file:line', async (_, bad, message) => {
    const path = write(`bad-${Math.random().toString(36).slice(2)}.jsonl`, [
      '{"prompt": "ok", "expected": "ok"}',
      '',
      bad,
    ]);
    const r = await runCli(['compare', '--dataset', path, '--models', 'gpt-4o-mini', '--mock']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^llmcost compare: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing API key without --mock: exit 2 naming the variable, before any call', async () => {
    const env = { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };
    const a = await runCli(['compare', '--dataset', DATASET, '--models', 'gpt-4o-mini,claude-haiku-4-5'], {
      env,
    });
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(
      'llmcost compare: OPENAI_API_KEY is not set (needed for gpt-4o-mini): export it, or run offline with --mock\n',
    );
    const b = await runCli(['compare', '--dataset', DATASET, '--models', 'claude-haiku-4-5'], {
      env: { ...env, OPENAI_API_KEY: 'sk-set' },
    });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(
      /^llmcost compare: ANTHROPIC_API_KEY is not set \(needed for claude-haiku-4-5\)/,
    );
  });

  it('every call fails (nothing listens at the base URL): exit 1, one line with the first error', async () => {
    const path = write('one.jsonl', ['{"prompt": "hi", "expected": "hi"}']);
    const r = await runCli(['compare', '--dataset', path, '--models', 'gpt-4o-mini', '--quiet'], {
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^llmcost compare: all 1 calls failed; first \(gpt-4o-mini, line 1\): APIConnectionError: /,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('the live path (keys and base URLs from the environment): one model fails every call, exit 1 with the table', async () => {
    const mock = await startMockLlm();
    try {
      const r = await runCli(
        [
          'compare',
          '--dataset',
          DATASET,
          '--models',
          'claude-haiku-4-5,gpt-4o-mini',
          '--quiet',
          '--format',
          'json',
        ],
        {
          env: {
            ANTHROPIC_API_KEY: 'sk-ant-test',
            ANTHROPIC_BASE_URL: mock.url,
            OPENAI_API_KEY: 'sk-test',
            OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
          },
        },
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^llmcost compare: every call to gpt-4o-mini failed; first: capital-fr: APIConnectionError: /,
      );
      const [claude, mini] = (JSON.parse(r.stdout) as { models: Row[] }).models;
      expect(claude).toMatchObject({ calls: 12, errors: 0, unobservedCalls: 0 });
      expect(claude!.totalCostUsd).toBeGreaterThan(0);
      expect(mini).toMatchObject({ calls: 12, errors: 12, totalCostUsd: 0, correct: 0, relativeCost: 0 });
      // The calls really went through the SDK to the server named in ANTHROPIC_BASE_URL, with the key.
      const sent = mock.requests.filter((q) => q.operation === 'messages');
      expect(sent).toHaveLength(12);
      // @anthropic-ai/sdk 1.x sends the key as `authorization: Bearer`, older majors as `x-api-key`.
      expect(sent.map((q) => [q.model, q.headers['x-api-key'] ?? q.headers.authorization])).toEqual(
        Array(12).fill(['claude-haiku-4-5', '[REDACTED]']),
      );
    } finally {
      await mock.close();
    }
  });

  it.each([
    [['--models', 'gpt-4o', '--mock'], /--dataset is required/],
    [['--dataset', DATASET, '--mock'], /--models is required/],
    [
      ['--dataset', DATASET, '--models', 'gpt-4o', '--mock', '--concurrency', '0'],
      /--concurrency must be a positive integer/,
    ],
    [
      ['--dataset', DATASET, '--models', 'gpt-4o', '--mock', '--format', 'html'],
      /--format must be one of text, markdown, json/,
    ],
    [['--dataset', DATASET, '--models', 'no-such-model-9', '--mock'], /no price for model 'no-such-model-9'/],
    [['--dataset', DATASET, '--models', 'gpt-4o', '--mock-skill', 'gpt-4o=1'], /--mock-skill needs --mock/],
    [
      ['--dataset', DATASET, '--models', 'gpt-4o', '--mock', '--mock-skill', 'gpt-4o=2'],
      /must be MODEL=S with S from 0 to 1/,
    ],
    [['--dataset', DATASET, '--models', 'gpt-4o,gpt-4o', '--mock'], /lists a model twice/],
  ])('%j: usage error, exit 2', async (args, message) => {
    const r = await runCli(['compare', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing dataset file: exit 1', async () => {
    const r = await runCli(['compare', '--dataset', join(dir, 'nope.jsonl'), '--models', 'gpt-4o', '--mock']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read dataset .*nope\.jsonl \(ENOENT\): check the --dataset path/);
  });
});
