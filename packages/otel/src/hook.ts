// `import '@llmcost/otel/hook'`, first in the file that starts your own NodeSDK (README: "With your own
// OpenTelemetry SDK"), or `node --import @llmcost/otel/hook`: the ESM loader hook that lets instrumentations patch
// modules an ESM app loads with `import`. It wraps every module, as @opentelemetry/instrumentation/hook.mjs does,
// so other instrumentations of the same import-in-the-middle copy work too; unlike registering that file with
// `module.register`, it runs in the app's thread where Node can (no loader thread, no DEP0205 warning on Node
// 26), and it is the import-in-the-middle copy llmcost's instrumentations hook into.
import { registerEsmLoader } from './bootstrap/esm-loader.js';

await registerEsmLoader(import.meta.url);
