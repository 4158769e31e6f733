import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../src/main.js';
import { runCli } from './helpers/run-cli.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

// The list is read from main.ts, so a command added there is held to the same rules without editing this test.
const COMMANDS = [...COMMAND_NAMES];

describe('llmcost', () => {
  it('knows the commands the issue asks for', () => {
    for (const c of ['report', 'estimate', 'pricing', 'compare']) expect(COMMANDS).toContain(c);
  });

  it('--help lists every command, exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c} `);
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 failure, 2 usage error.');
  });

  it('--version and -v print the version of the package, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(`${PACKAGE}/package.json`, 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it('every doc a --help points at is in the published package, and the README documents every command', async () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: PACKAGE,
        encoding: 'utf8',
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const files = new Set(packed[0]!.files.map((f) => f.path));
    const docs = new Set<string>();
    for (const command of COMMANDS) {
      const { help } = (await import(`../src/commands/${command}.ts`)) as { help: string };
      for (const m of help.matchAll(/\b(docs\/[\w.-]+\.md)\b/g)) docs.add(m[1]!);
    }
    expect(docs.size).toBeGreaterThan(0);
    for (const doc of docs) expect(files, doc).toContain(doc);
    const readme = readFileSync(`${PACKAGE}/README.md`, 'utf8');
    for (const command of COMMANDS) expect(readme, command).toContain(`## \`llmcost ${command}`);
  });

  it('no command: usage on stderr, exit 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: llmcost <command>');
  });

  it('an unknown command: one line, exit 2', async () => {
    const r = await runCli(['reprot']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `llmcost: unknown command 'reprot' (commands: ${COMMANDS.join(', ')}; see llmcost --help)\n`,
    );
  });

  it.each(COMMANDS)(
    '`llmcost %s --help`, `-h` and `llmcost help %s`: usage on stdout, exit 0',
    async (command) => {
      const a = await runCli(['help', command]);
      const b = await runCli([command, '--help']);
      const c = await runCli([command, '-h']);
      for (const r of [a, b, c]) {
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('');
      }
      expect(a.stdout).toBe(b.stdout);
      expect(c.stdout).toBe(b.stdout);
      expect(b.stdout).toMatch(new RegExp(`^Usage: llmcost ${command}`));
      // Every help states the exit codes scripts rely on.
      expect(b.stdout).toMatch(/Exit codes: 0 .*1 .*2 /s);
    },
  );

  it.each(COMMANDS)(
    '`llmcost %s --no-such-flag`: one line naming the flag and the help, exit 2',
    async (command) => {
      const r = await runCli([command, '--no-such-flag']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/--no-such-flag/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});
