import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// Out of process, on the built packages (the README test command builds first).
it('examples/budget-guard demonstrates the free-tier cut-off, the enterprise user and the downgrade', () => {
  const script = fileURLToPath(new URL('../../../examples/budget-guard/run.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(
    /^free user fiona: \d+ calls served, then HTTP 429 \(retry-after \d+ s\): budget exceeded: user fiona hourly cap \$0\.01 /m,
  );
  expect(r.stdout).toMatch(/^enterprise user erin: (\d+) of \1 calls served$/m);
  expect(r.stdout).toMatch(/^deep-analysis call \d+: global budget past 90% -> answered by gpt-4o-mini/m);
  expect(r.stdout).toContain('all three behaviours demonstrated');
  expect(r.status).toBe(0);
});
