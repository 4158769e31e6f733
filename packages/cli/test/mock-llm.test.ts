import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertBuilt, BIN, runCli } from './helpers/run-cli.js';

describe('llmcost mock-llm', () => {
  it('serves the OpenAI wire format with the scenario flags the mock-llm bin takes, until SIGTERM, then exits 0', async () => {
    assertBuilt();
    const flags = [
      '--latency-ms',
      '1',
      '--output-tokens',
      '7',
      '--finish',
      'length',
      '--response-model',
      'gpt-x',
    ];
    const child = spawn(process.execPath, [BIN, 'mock-llm', '--port', '0', ...flags], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });

    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer mock' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi' }] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      object: string;
      model: string;
      choices: Array<{ finish_reason: string }>;
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    expect(body.object).toBe('chat.completion');
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    // the server defaults from the flags
    expect(body.usage.completion_tokens).toBe(7);
    expect(body.choices[0]!.finish_reason).toBe('length');
    expect(body.model).toBe('gpt-x');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(stdout).toContain('mock-llm stopped (SIGTERM)');
    expect(stderr).toBe('');
  });

  it('a port in use: exit 1 with one line', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const r = await runCli(['mock-llm', '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `llmcost mock-llm: cannot listen on 127.0.0.1:${port}: the port is in use; pick another with --port\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it.each([[['--port', 'abc']], [['--port', '70000']], [['--verbose']], [['--latency-ms', 'soon']]])(
    '%j: usage error, exit 2',
    async (args) => {
      const r = await runCli(['mock-llm', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );

  it('--answers: a dataset prompt gets its answer or "I do not know." by the documented per-model draw', async () => {
    const dataset = fileURLToPath(new URL('./fixtures/compare/qa.jsonl', import.meta.url));
    const child = spawn(process.execPath, [BIN, 'mock-llm', '--port', '0', '--answers', dataset], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          stdout += d;
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+).*answer mode with (\d+) prompts/.exec(
            stdout,
          );
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
      });
      const prompt = 'What is the capital of France? Answer with one word.';
      for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1-nano']) {
        const res = await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer mock' },
          body: JSON.stringify({ model, messages: [{ role: 'user', content: prompt }] }),
        });
        const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
        // The rule from the mock-llm README, recomputed here: right when sha256("model\nprompt") < skill.
        const draw =
          Number.parseInt(createHash('sha256').update(`${model}\n${prompt}`).digest('hex').slice(0, 8), 16) /
          2 ** 32;
        const skill = model.includes('nano') ? 0.5 : model.includes('mini') ? 0.7 : 0.9;
        expect(body.choices[0]!.message.content).toBe(draw < skill ? 'Paris' : 'I do not know.');
      }
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('--answers with a missing file: exit 1 naming the path', async () => {
    const r = await runCli(['mock-llm', '--port', '0', '--answers', '/nonexistent/cases.jsonl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'llmcost mock-llm: --answers /nonexistent/cases.jsonl: cannot read it (ENOENT); check the path\n',
    );
  });

  it('--help', async () => {
    const r = await runCli(['mock-llm', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--port');
    expect(r.stdout).toContain('--host');
  });
});
