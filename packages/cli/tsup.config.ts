import { defineConfig } from 'tsup';

export default defineConfig({
  // bin.ts keeps its shebang; tsup marks dist/bin.js executable.
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
