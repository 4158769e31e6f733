import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface NodeResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunNodeOptions {
  args: string[];
  cwd?: string;
  env?: Record<string, string | undefined>;
  node?: string;
  /** Kill the child after this many ms (a safety net for a hung child, not a wait). Default 120 s. */
  killAfterMs?: number;
  onStdout?: (chunk: string, child: import('node:child_process').ChildProcess) => void;
}

/** The parent environment without any OTEL_ / LLMCOST_ variable, so each test states its own. */
export function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // NODE_PATH: the vitest bin sets one with vitest's own dependencies (its @opentelemetry/api among them), which
    // an app under test would otherwise resolve as if it had installed them.
    if (k.startsWith('OTEL_') || k.startsWith('LLMCOST_') || k === 'NODE_OPTIONS' || k === 'NODE_PATH')
      continue;
    if (k.startsWith('OPENAI_') || k.startsWith('ANTHROPIC_') || k.startsWith('VITEST')) continue;
    env[k] = v;
  }
  return env;
}

/** Spawns node and resolves when it exits (the app flushes telemetry at exit). */
export function runNode(options: RunNodeOptions): Promise<NodeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, options.args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...cleanEnv(), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      options.onStdout?.(c, child);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `fn` over `items` with at most `limit` at once (the test machine has 2 shared cores). */
export async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** How many app processes a suite runs at once. */
export const SPAWN_CONCURRENCY = Number(process.env.LLMCOST_TEST_SPAWNS ?? 4);
