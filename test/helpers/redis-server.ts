import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { freePort } from './free-port.js';

export interface RedisServerOptions {
  /** Extra redis-server arguments, after the port, bind and no-persistence ones. */
  args?: string[];
}

/** A throwaway redis-server on a free loopback port, without persistence. */
export interface RedisServer {
  url: string;
  port: number;
  /** Runs redis-cli against this server and returns its stdout. */
  cli(...args: string[]): string;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** Start again on the same port (after `kill` or `stop`). */
  restart(): Promise<void>;
  /** SIGTERM, and wait until the process is gone. */
  stop(): Promise<void>;
}

/** Spawns redis-server on `port`; resolves once it accepts commands (its "Ready to accept connections"). */
function launch(port: number, extraArgs: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a redis-server on a free loopback port; resolves once it accepts commands. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const extraArgs = options.args ?? [];
  const port = await freePort();
  let child = await launch(port, extraArgs);
  const signal = async (sig: NodeJS.Signals) => {
    const gone = exited(child);
    child.kill(sig);
    await gone;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    cli: (...args: string[]) =>
      spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim(),
    kill: () => signal('SIGKILL'),
    async restart() {
      child = await launch(port, extraArgs);
    },
    stop: () => signal('SIGTERM'),
  };
}
