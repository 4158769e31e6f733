import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const COMMANDS = ['report', 'estimate', 'pricing', 'budget', 'collector-config', 'mock-llm'];

describe('llmcost', () => {
  it('--help lists every command, exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c} `);
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

  it.each(COMMANDS)('`llmcost help %s` and `llmcost %s --help` print the same help', async (command) => {
    const a = await runCli(['help', command]);
    const b = await runCli([command, '--help']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(new RegExp(`^Usage: llmcost ${command}`));
  });
});
