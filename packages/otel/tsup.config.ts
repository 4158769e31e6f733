import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';
import { lazyNodeCrypto } from '../../scripts/tsup-one-instance.js';

// Start-up cost of `--import @llmcost/otel/register` is mostly Node resolving, reading and compiling the
// OpenTelemetry SDK's hundreds of small files (each through pnpm's symlinked paths). These packages are
// bundled (their ESM builds, so unused exports are tree-shaken), which removes ~100 of the ~240 files the
// register entry loaded:
// - @opentelemetry/api stays external: a peer dependency, the app's own copy.
// - import-in-the-middle stays external: the loader's generated wrappers import it by name, and the hooks
//   registered by `Hook` must land in that same instance (bootstrap/esm-hooks.ts requires it by name, lazily).
// - Exporters stay external and load only when configured, OTLP ones on their first export
//   (bootstrap/lazy-require.ts, bootstrap/lazy-exporters.ts).
const BUNDLED = [
  '@opentelemetry/api-logs',
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/core',
  '@opentelemetry/instrumentation',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-undici',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-logs',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/semantic-conventions',
  'require-in-the-middle',
];

interface PluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (args: { path: string; importer: string; kind: string }) => object | undefined,
  ): void;
  onLoad(
    options: { filter: RegExp; namespace: string },
    callback: (args: { pluginData: { names: string[]; resolveDir: string } }) => object,
  ): void;
}

// The bundled CommonJS instrumentations (http, undici) `require("@opentelemetry/semantic-conventions")`: that
// would bundle the package's whole CommonJS build (thousands of constants, the legacy SemanticAttributes maps)
// and evaluate it at start-up, for the ~30 names they read. tsc's CommonJS output reads them only as
// `<binding>.NAME`, so when that is the only use, the require is answered by a module re-exporting just those
// names from the ESM build, which esbuild tree-shakes like our own imports. Any other use: left as is.
const semconvSubset = {
  name: 'semconv-subset',
  setup(build: PluginBuild) {
    build.onResolve({ filter: /^@opentelemetry\/semantic-conventions$/ }, (args) => {
      if (args.kind !== 'require-call') return undefined;
      const source = readFileSync(args.importer, 'utf8');
      const binding = /(\w+) = require\("@opentelemetry\/semantic-conventions"\)/.exec(source)?.[1];
      if (binding === undefined) return undefined;
      const uses = source.match(new RegExp(`\\b${binding}\\b(\\.\\w+)?`, 'g')) ?? [];
      const names = new Set(uses.filter((u) => u.includes('.')).map((u) => u.slice(binding.length + 1)));
      if (uses.filter((u) => !u.includes('.')).length !== 1) return undefined;
      return {
        path: `${args.importer.replace(/^.*[\\/]node_modules[\\/]/, '')}#semantic-conventions`,
        namespace: 'semconv-subset',
        pluginData: { names: [...names], resolveDir: dirname(args.importer) },
      };
    });
    build.onLoad({ filter: /.*/, namespace: 'semconv-subset' }, ({ pluginData }) => ({
      contents: `export { ${pluginData.names.join(', ')} } from '@opentelemetry/semantic-conventions';`,
      resolveDir: pluginData.resolveDir,
      loader: 'js',
    }));
  },
};

// The bundle's one import of import-in-the-middle, @opentelemetry/instrumentation's `import { Hook }`, goes to
// bootstrap/esm-hooks.ts, which requires the real package (by name, so never bundled) on first use, and not at all
// without an ESM loader. (A dependency is external before `alias` applies: hence `noExternal` plus this plugin.)
const lazyImportInTheMiddle = {
  name: 'lazy-import-in-the-middle',
  setup(build: PluginBuild) {
    build.onResolve({ filter: /^import-in-the-middle$/ }, () => ({
      path: fileURLToPath(new URL('./src/bootstrap/esm-hooks.ts', import.meta.url)),
    }));
  },
};

const common = {
  // `node:` imports stay as they are: lazyNodeCrypto (below) must see node:crypto, which tsup's own plugin would
  // otherwise take first, as an external.
  removeNodeProtocol: false,
  sourcemap: true,
  target: 'node20',
  shims: true,
  esbuildOptions(options: { mainFields?: string[]; alias?: Record<string, string> }) {
    options.mainFields = ['module', 'main'];
    options.alias = {
      // require-in-the-middle's tracing (DEBUG=require-in-the-middle) through `debug`, whose Node build loads
      // node:tty and with it node:net at start-up: replaced by a no-op.
      debug: './src/bootstrap/debug-off.cjs',
    };
  },
} as const;

// ONE implementation, the CommonJS bundle dist/index.cjs, whichever way the package is reached: `--import` and
// `--require` register entries require it by name, and `import '@llmcost/otel'` gets it through a two-line ESM
// facade. An app mixing the forms (an ESM register, a CommonJS `require('@llmcost/otel')`, or the reverse)
// therefore never loads two copies of the SDK, and `startLlmcost` / `onCallRecorded` always talk to the
// instance the register started. One bundle without code splitting also keeps esbuild's own CommonJS output:
// tsup's CommonJS code splitting goes through sucrase, which rewrote every `?.` into `_optionalChain` closures.
const FACADE = [
  '// The ESM face of @llmcost/otel: the implementation is the CommonJS bundle, so that an app mixing',
  '// `import` and `require` (or `--import` and `require`) gets one instance (see tsup.config.ts).',
  "export * from './index.cjs';",
  '',
].join('\n');

export default defineConfig([
  {
    ...common,
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    splitting: false,
    noExternal: [...BUNDLED, 'import-in-the-middle'],
    // node:crypto on first use: lazyNodeCrypto in scripts/tsup-one-instance.ts.
    esbuildPlugins: [semconvSubset, lazyImportInTheMiddle, lazyNodeCrypto],
    dts: { entry: { index: 'src/index.ts' } },
    async onSuccess() {
      writeFileSync('dist/index.js', FACADE);
    },
  },
  // The register entries: read the configuration (small, bundled), then require the package by name. With
  // OTEL_SDK_DISABLED or a bad variable nothing else is loaded.
  {
    ...common,
    entry: { register: 'src/register-require.ts' },
    format: ['cjs'],
    splitting: false,
    external: ['@llmcost/otel'],
  },
  {
    ...common,
    entry: { register: 'src/register.ts', hook: 'src/hook.ts' },
    format: ['esm'],
    splitting: false,
    external: ['@llmcost/otel', 'import-in-the-middle'],
    // The ESM types: the same declarations as the CommonJS ones.
    dts: { entry: { index: 'src/index.ts' } },
  },
]);
