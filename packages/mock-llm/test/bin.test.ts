import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';

// Out of process, on the built command (the test script builds before running vitest).
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function firstLine(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    proc.once('exit', (code) => reject(new Error(`mock-llm exited with ${code} before printing its URL`)));
  });
}

describe('mock-llm command', () => {
  it('is built with a node shebang', () => {
    expect(existsSync(BIN), `${BIN} is missing: run npx -y pnpm@10 --filter @llmcost/mock-llm build`).toBe(
      true,
    );
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prints its URL, serves requests, and exits 0 on %s',
    async (signal) => {
      child = spawn(process.execPath, [BIN, '--port', '0', '--output-tokens', '7'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const line = await firstLine(child);
      const url = /^mock-llm listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
      expect(url, line).toBeDefined();
      const client = new OpenAI({ apiKey: 'k', baseURL: `${url}/v1`, maxRetries: 0 });
      const res = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(res.usage?.completion_tokens).toBe(7);
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = await exited;
      expect(code).toBe(0);
    },
  );

  it('rejects a bad flag with one line naming it', () => {
    const r = spawnSync(process.execPath, [BIN, '--latency-ms', 'soon'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('latency-ms');
  });
});
