import { defineConfig } from 'tsup';

// Start-up cost of `--import @llmcost/otel/register` is mostly Node resolving, reading and compiling the
// OpenTelemetry SDK's hundreds of small files (each through pnpm's symlinked paths). These packages are
// bundled (their ESM builds, so unused exports are tree-shaken), which removes ~100 of the ~240 files the
// register entry loaded:
// - @opentelemetry/api stays external: a peer dependency, the app's own copy.
// - import-in-the-middle stays external: the loader thread's generated wrappers import it by name, and the
//   hooks registered by `Hook` must land in that same instance.
// - Exporters stay external and load only when configured (bootstrap/lazy-require.ts).
const BUNDLED = [
  '@opentelemetry/api-logs',
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/core',
  '@opentelemetry/instrumentation',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-undici',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/semantic-conventions',
  'require-in-the-middle',
];

const common = {
  sourcemap: true,
  target: 'node20',
  shims: true,
  splitting: true,
  noExternal: BUNDLED,
  esbuildOptions(options: { mainFields?: string[] }) {
    options.mainFields = ['module', 'main'];
  },
} as const;

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
    // The bundled CommonJS packages call require() (node builtins, the external OTel packages): give the
    // ESM chunks a real one, resolving from dist/ like the package's own imports.
    banner: {
      js: "import { createRequire as __llmcostCreateRequire } from 'node:module'; const require = __llmcostCreateRequire(import.meta.url);",
    },
  },
  // CommonJS: `--require` and `require('@llmcost/otel')` (tsup's CommonJS code splitting).
  {
    ...common,
    entry: { index: 'src/index.ts', register: 'src/register-require.ts' },
    format: ['cjs'],
    dts: { entry: { index: 'src/index.ts' } },
  },
]);
