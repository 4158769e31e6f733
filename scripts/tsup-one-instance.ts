import { writeFileSync } from 'node:fs';
import type { Options } from 'tsup';

// @llmcost/pricing and @llmcost/budget keep state per module instance: the price table and its overrides
// (loadPricing), the tokenizer cache, and classes that callers test with instanceof (BudgetExceededError,
// PricingFileError). Separate ESM and CommonJS builds gave a process two instances: @llmcost/otel's CommonJS
// bundle required one, an ESM app (or the ESM `llmcost` command) imported the other, and a price file loaded
// in one never priced a call recorded by the other. So there is ONE implementation, the CommonJS build, and the
// `import` entry is a facade re-exporting it (Node reads the named exports of esbuild's CommonJS output). The
// same technique as @llmcost/otel (packages/otel/tsup.config.ts). A globalThis registry would have fixed the
// state we remember to move there, not class identity or state added later.
const FACADE = [
  '// The ESM face of this package: the implementation is the CommonJS build, so that `import` and `require`',
  '// in one process share one instance (see scripts/tsup-one-instance.ts in the llmcost repository).',
  "export * from './index.cjs';",
  '',
].join('\n');

/** Build options: dist/index.cjs (+ .d.cts), the ESM facade dist/index.js, and its types dist/index.d.ts. */
export function oneInstanceBuild(): Options[] {
  const common = { entry: { index: 'src/index.ts' }, target: 'node20', clean: false } as const;
  return [
    {
      ...common,
      format: ['cjs'],
      dts: true,
      sourcemap: true,
      onSuccess: async () => writeFileSync('dist/index.js', FACADE),
    },
    // Declarations only: the same types for the `import` condition.
    { ...common, format: ['esm'], dts: { only: true } },
  ];
}
