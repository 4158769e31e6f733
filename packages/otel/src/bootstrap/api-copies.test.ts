import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../core/test-support/sdks.js';
import { accepts, resolveApiCopy, secondCopyMessage } from './api-copies.js';

// The rule is the API's own (_makeCompatibilityCheck in api/src/internal/semver.ts), checked against the real
// function of both versions in our peer range, as installed for the test fixtures.
const require = createRequire(import.meta.url);
const apiIn = (fixture: string) => resolveApiCopy(join(FIXTURES_DIR, fixture, 'app.js'))!;
const REAL = [
  { copy: apiIn('otel-sdk-2x'), semver: 'build/src/internal/semver.js' },
  { copy: apiIn('otel-sdk-3x'), semver: 'dist/internal/semver.cjs' },
];
const VERSIONS = ['1.9.0', '1.9.1', '1.10.0', '1.10.3', '1.11.0', '2.0.0', '1.10.0-rc.1', '0.9.0'];

describe('accepts(reader, registrar)', () => {
  it.each(REAL)('agrees with @opentelemetry/api $copy.version', ({ copy, semver }) => {
    const check = require(join(copy.root, semver))._makeCompatibilityCheck as (
      own: string,
    ) => (global: string) => boolean;
    for (const reader of [copy.version, ...VERSIONS]) {
      for (const registrar of VERSIONS) expect(accepts(reader, registrar)).toBe(check(reader)(registrar));
    }
  });
});

describe('secondCopyMessage', () => {
  const v19 = REAL[0]!.copy;
  const v110 = REAL[1]!.copy;
  it('resolves the two fixture copies to 1.9.x and 1.10.x', () => {
    expect(v19.version).toMatch(/^1\.9\./);
    expect(v110.version).toMatch(/^1\.10\./);
  });
  it('one copy, or a pair that still works for the side that registered the SDK: nothing to say', () => {
    expect(secondCopyMessage(v110, v110, 'llmcost')).toBeUndefined();
    expect(secondCopyMessage(v19, v110, 'llmcost')).toBeUndefined();
    expect(secondCopyMessage(v110, v19, 'app')).toBeUndefined();
  });
  it('a pair that loses spans: one line naming both copies and the fix', () => {
    for (const [app, ours, owner] of [
      [v110, v19, 'llmcost'],
      [v19, v110, 'app'],
    ] as const) {
      const line = secondCopyMessage(app, ours, owner)!;
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toContain(`the app's ${app.version} (${app.root})`);
      expect(line).toContain(`llmcost's ${ours.version} (${ours.root})`);
      expect(line).toMatch(/Fix: install one copy/);
    }
  });
});
