import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../src/main.js';
import { runCli } from './helpers/run-cli.js';

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
