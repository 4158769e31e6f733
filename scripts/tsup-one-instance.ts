import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Options } from 'tsup';

/**
 * `crypto` / `node:crypto` inside the built bundles: a module whose properties are getters that load node:crypto on
 * first read, not at start-up, where loading it (its streams, key and certificate code) cost 3-5 ms of every
 * `--import @llmcost/otel/register` for hashes and ids needed later or never (pricing-file digests, user-id HMACs, a
 * service instance id). Getters rather than a Proxy: esbuild's CommonJS interop copies the property list at
 * require time, which would read a Proxy's keys, and so load the module. The names are those of node:crypto where
 * the build runs. A plugin rather than esbuild's `alias`, which never sees `node:` builtins (they are external).
 */
export const lazyNodeCrypto = {
  name: 'lazy-node-crypto',
  setup(build: {
    onResolve(o: { filter: RegExp }, cb: () => { path: string; namespace: string }): void;
    onLoad(o: { filter: RegExp; namespace: string }, cb: () => { contents: string; loader: 'js' }): void;
  }) {
    build.onResolve({ filter: /^(node:)?crypto$/ }, () => ({
      path: 'node:crypto',
      namespace: 'lazy-node-crypto',
    }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-node-crypto' }, () => {
      const names = Object.keys(createRequire(import.meta.url)('node:crypto'));
      const getters = names.map(
        (n) => `${JSON.stringify(n)}: { get: () => load()[${JSON.stringify(n)}], enumerable: true }`,
      );
      return {
        loader: 'js',
        contents: [
          '// node:crypto on first use: see lazyNodeCrypto in scripts/tsup-one-instance.ts of the llmcost repository.',
          'let crypto;',
          // Not require('node:crypto'), which esbuild would resolve to this module again.
          "const load = () => (crypto ??= process.getBuiltinModule?.('node:crypto') ?? require(['node', 'crypto'].join(':')));",
          `module.exports = Object.defineProperties({}, { ${getters.join(', ')} });`,
        ].join('\n'),
      };
    });
  },
};

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
  const common = {
    entry: { index: 'src/index.ts' },
    target: 'node20',
    clean: false,
    // These packages load at start-up of the register: node:crypto on first use. (tsup's own plugin would
    // otherwise take every `node:` import first, as an external.)
    esbuildPlugins: [lazyNodeCrypto],
    removeNodeProtocol: false,
  } as const;
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
