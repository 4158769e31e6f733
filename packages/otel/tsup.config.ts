import { defineConfig } from 'tsup';

const common = { sourcemap: true, target: 'node20', shims: true } as const;

export default defineConfig([
  // ESM: the register entry (`--import`, top-level await for the loader hook) and the API share chunks, so
  // an ESM app that imports `@llmcost/otel` (onCallRecorded, withLlmContext) talks to the instance the
  // register hook started. Exporters load lazily; tokenizers only on first use.
  {
    ...common,
    entry: { index: 'src/index.ts', register: 'src/register.ts' },
    format: ['esm'],
    splitting: true,
    dts: { entry: { index: 'src/index.ts' } },
  },
  {
    ...common,
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    splitting: false,
    dts: { entry: { index: 'src/index.ts' } },
  },
  // `--require`: CommonJS.
  { ...common, entry: { register: 'src/register-require.ts' }, format: ['cjs'], splitting: false },
]);
