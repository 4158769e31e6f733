// An app under `--import @llmcost/otel/register` flushes its telemetry and closes the guard on `beforeExit`,
// which only fires once nothing holds the event loop: the guard's own Redis connection must not, when idle,
// neither while connected nor while reconnecting to a Redis that is gone.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/helpers/free-port.js';
import { type RedisServer, startRedisServer } from '../../../test/helpers/redis-server.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

function runIdleChild(url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./helpers/idle-child.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
          REDIS_URL: url,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    // A safety net for a child that never exits (the failure under test), not a wait.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('an idle guard does not keep the process alive', () => {
  it('with Redis reachable: the call is settled, then the process drains to beforeExit', async () => {
    const { code, out } = await runIdleChild(redis.url);
    expect(out).toBe('allowed\nbeforeExit\n');
    expect(code).toBe(0);
  }, 90_000);

  it('with Redis gone (ioredis reconnecting in the background): fail open, then beforeExit', async () => {
    const { code, out } = await runIdleChild(`redis://127.0.0.1:${await freePort()}`);
    expect(out).toBe('allowed\nbeforeExit\n');
    expect(code).toBe(0);
  }, 90_000);
});
