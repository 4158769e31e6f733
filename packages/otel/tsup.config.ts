import { defineConfig } from 'tsup';

const common = { sourcemap: true, target: 'node20', shims: true, splitting: true } as const;

// The register entries share chunks with the API entry of the same format, so an app that imports
// `@llmcost/otel` (onCallRecorded, ...) talks to the instance the register hook started. Exporters load
// lazily; tokenizers only on first use.
export default defineConfig([
  // ESM: `--import` (top-level await for the loader hook) and `import '@llmcost/otel'`.
  {
    ...common,
    entry: { index: 'src/index.ts', register: 'src/register.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts' } },
  },
  // CommonJS: `--require` and `require('@llmcost/otel')` (tsup's CommonJS code splitting).
  {
    ...common,
    entry: { index: 'src/index.ts', register: 'src/register-require.ts' },
    format: ['cjs'],
    dts: { entry: { index: 'src/index.ts' } },
  },
]);
