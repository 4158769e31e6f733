import { defineConfig } from 'tsup';

export default defineConfig({
  // `bin` is the `mock-llm` command; the shebang is harmless in the library files.
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
});
