import { defineConfig } from 'tsup';

const common = {
  sourcemap: true,
  target: 'node20',
  // `import.meta.url` in the CommonJS build (lazy requires of exporters).
  shims: true,
  splitting: false,
} as const;

export default defineConfig([
  { ...common, entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true },
  // The register entries: ESM (`--import`, with top-level await for the loader hook) and CommonJS
  // (`--require`). Both stay small: exporters load lazily, tokenizers only on first use.
  { ...common, entry: { register: 'src/register.ts' }, format: ['esm'] },
  { ...common, entry: { register: 'src/register-require.ts' }, format: ['cjs'] },
]);
