import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against the TypeScript sources; out-of-process tests spawn node on the built dist.
    alias: {
      '@llmcost/pricing': src('pricing'),
      '@llmcost/budget': src('budget'),
      '@llmcost/mock-llm': src('mock-llm'),
      '@llmcost/cli': src('cli'),
    },
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'test/**/*.test.ts',
      'dashboards/**/*.test.ts',
      'collector/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
