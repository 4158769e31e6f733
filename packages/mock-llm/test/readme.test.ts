import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIO_KEYS } from '../src/scenario.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README scenario table', () => {
  it('documents every header and suffix key the server accepts', () => {
    for (const { header, suffix } of SCENARIO_KEYS) {
      const row = README.split('\n').find((line) => line.startsWith(`| \`${header}:`));
      expect(row, `README has no row for ${header}`).toBeDefined();
      for (const key of suffix) expect(row).toContain(`\`${key}\``);
    }
  });
});
