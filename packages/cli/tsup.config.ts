import { defineConfig } from 'tsup';

export default defineConfig({
  // bin.ts keeps its shebang; tsup marks dist/bin.js executable.
  // The report's scan worker is its own entry: `new URL('./report-scan-worker.js', import.meta.url)` from the
  // bundle finds it next to the chunks in dist/.
  entry: {
    index: 'src/index.ts',
    bin: 'src/bin.ts',
    'report-scan-worker': 'src/report/files/report-scan-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
