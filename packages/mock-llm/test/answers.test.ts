import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { countTokens } from '@llmcost/pricing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnswersFile } from '../src/answers.js';
import { type MockLlmServer, startMockLlm } from '../src/index.js';

// The README's answer-mode rule, written out again here so the test does not trust the server's copy.
const draw = (model: string, prompt: string) =>
  Number.parseInt(createHash('sha256').update(`${model}\n${prompt}`).digest('hex').slice(0, 8), 16) / 2 ** 32;

const QUESTIONS = Array.from({ length: 40 }, (_, i) => ({
  prompt: `What is ${i} plus ${i + 1}? Reply with the number only.`,
  answer: String(2 * i + 1),
}));

let server: MockLlmServer;
let openai: OpenAI;
let anthropic: Anthropic;
beforeAll(async () => {
  server = await startMockLlm({ answers: QUESTIONS });
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

describe('answer mode', () => {
  it.each([
    ['gpt-4o', 0.9],
    ['gpt-4o-mini', 0.7],
    ['gpt-4.1-nano', 0.5],
  ])('chat %s: right exactly when the draw is below the default skill %d', async (model, skill) => {
    let right = 0;
    for (const q of QUESTIONS) {
      const r = await openai.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: `  ${q.prompt}\n` },
        ],
      });
      const want = draw(model, q.prompt) < skill ? q.answer : 'I do not know.';
      expect(r.choices[0]!.message.content).toBe(want);
      expect(r.choices[0]!.finish_reason).toBe('stop');
      expect(r.usage!.completion_tokens).toBe(countTokens(want, model).tokens);
      if (want === q.answer) right++;
    }
    // The rule differs by model: a model is neither always right nor always wrong on 40 questions.
    expect(right).toBeGreaterThan(0);
    expect(right).toBeLessThan(QUESTIONS.length + (skill === 0.9 ? 1 : 0));
  });

  it('Claude Messages with text blocks, and x-mock-skill overriding the default', async () => {
    const model = 'claude-haiku-4-5';
    for (const [skill, header] of [
      [0.7, {}],
      [0.25, { 'x-mock-skill': '0.25' }],
      [1, { 'x-mock-skill': '1' }],
    ] as const) {
      for (const q of QUESTIONS.slice(0, 10)) {
        const r = await anthropic.messages.create(
          {
            model,
            max_tokens: 100,
            messages: [{ role: 'user', content: [{ type: 'text', text: q.prompt }] }],
          },
          { headers: header },
        );
        const want = draw(model, q.prompt) < skill ? q.answer : 'I do not know.';
        expect(r.content).toEqual([{ type: 'text', text: want }]);
        expect(r.usage.output_tokens).toBe(countTokens(want, model).tokens);
      }
    }
  });

  it('the model suffix sets the skill; the hash uses the model without the suffix', async () => {
    const q = QUESTIONS[3]!;
    const r = await openai.chat.completions.create({
      model: 'gpt-4o::skill=0',
      messages: [{ role: 'user', content: q.prompt }],
    });
    expect(r.choices[0]!.message.content).toBe('I do not know.');
    const all = await openai.chat.completions.create({
      model: 'gpt-4o::skill=1',
      messages: [{ role: 'user', content: q.prompt }],
    });
    expect(all.choices[0]!.message.content).toBe(q.answer);
  });

  it('an answer longer than the cap is cut to the words that fit, finish length', async () => {
    const long = 'The capital of France is Paris, a city on the river Seine.';
    const mock = await startMockLlm({ answers: [{ prompt: 'Capital of France?', answer: long }] });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: `${mock.url}/v1`, maxRetries: 0 });
      const r = await client.chat.completions.create(
        { model: 'gpt-4o', max_tokens: 4, messages: [{ role: 'user', content: 'Capital of France?' }] },
        { headers: { 'x-mock-skill': '1' } },
      );
      expect(r.choices[0]!.message.content).toBe('The capital of France');
      expect(r.choices[0]!.finish_reason).toBe('length');
      expect(r.usage!.completion_tokens).toBe(4);
    } finally {
      await mock.close();
    }
  });

  it('a prompt not in the list gets the usual filler text; a bad skill is a 400', async () => {
    const r = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Something else entirely' }],
    });
    expect(r.usage!.completion_tokens).toBe(60);
    await expect(
      openai.chat.completions.create(
        { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-mock-skill': '1.5' } },
      ),
    ).rejects.toThrow(/x-mock-skill has an invalid value "1.5": use a number from 0 to 1/);
  });

  it('readAnswersFile reads a compare dataset, and names file:line for a bad line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-answers-'));
    try {
      const file = join(dir, 'cases.jsonl');
      writeFileSync(
        file,
        [
          '# a comment',
          JSON.stringify({ prompt: 'Say hi', expected: 'hi' }),
          '',
          JSON.stringify({ messages: [{ role: 'user', content: 'Colours?' }], contains: ['red', 'blue'] }),
        ].join('\n'),
      );
      expect(readAnswersFile(file)).toEqual([
        { prompt: 'Say hi', answer: 'hi' },
        { prompt: 'Colours?', answer: 'red blue' },
      ]);
      // A case without an answer is run by compare but not scored: no answer here, not an error.
      writeFileSync(file, `${JSON.stringify({ prompt: 'a', expected: 'b' })}\n{"prompt": "x"}\n`);
      expect(readAnswersFile(file)).toEqual([{ prompt: 'a', answer: 'b' }]);
      writeFileSync(file, `${JSON.stringify({ prompt: 'a', expected: 'b' })}\n{"expected": "x"}\n`);
      expect(() => readAnswersFile(file)).toThrow(`${file}:2: needs "prompt" or "messages"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mock-llm --answers FILE (built command)', () => {
  const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

  it('serves the answers of a compare dataset; a bad line exits 2 naming file:line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-answers-bin-'));
    try {
      const file = join(dir, 'cases.jsonl');
      writeFileSync(file, `${JSON.stringify({ prompt: 'Capital of Italy?', expected: 'Rome' })}\n`);
      const child = spawn(process.execPath, [BIN, '--port', '0', '--answers', file, '--skill', '1'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
        const url = /listening on (http:\S+)/.exec(chunk.toString())![1]!;
        const client = new OpenAI({ apiKey: 'k', baseURL: `${url}/v1`, maxRetries: 0 });
        const r = await client.chat.completions.create({
          model: 'gpt-4.1-nano',
          messages: [{ role: 'user', content: 'Capital of Italy?' }],
        });
        expect(r.choices[0]!.message.content).toBe('Rome');
      } finally {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      writeFileSync(file, '{"expected": "x"}\n');
      const bad = spawnSync(process.execPath, [BIN, '--answers', file], { encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toBe(
        `mock-llm: ${file}:1: needs "prompt" or "messages" (see llmcost compare --help)\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
