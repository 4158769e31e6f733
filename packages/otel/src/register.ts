// `node --import @llmcost/otel/register app.js`: instruments ESM and CommonJS apps with no code change.
// ESM needs a loader hook (import-in-the-middle) registered before the app's imports are resolved; only the
// modules the instrumentations hook are wrapped, and start-up waits until the loader has the list.
// Model: elastic/elastic-otel-node `import.mjs`. This file stays small: it reads the configuration, and only
// then loads the package (by name, its CommonJS bundle: the one instance an app's own `import` or `require` of
// `@llmcost/otel` also gets, see tsup.config.ts).
import { createRequire, register } from 'node:module';
import { needsEsmLoaderHook } from './bootstrap/entry-format.js';
import { readConfig } from './config/read.js';
import type * as Otel from './index.js';

const config = readConfig();
if (config) {
  // Loaded before the hook is registered, so our own modules do not pass through the loader.
  const otel = createRequire(import.meta.url)('@llmcost/otel') as typeof Otel;
  if (needsEsmLoaderHook(config.esmHook)) {
    const { createAddHookMessageChannel } = await import('import-in-the-middle');
    // The instrumentations tell the loader which modules to wrap through this channel as they start.
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    if (await registerInThread(registerOptions.data)) {
      otel._startFromEnvConfig(config);
    } else {
      register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
      otel._startFromEnvConfig(config);
    }
    await waitForAllMessagesAcknowledged();
  } else {
    // A CommonJS entry file: require-in-the-middle instruments its require()s, no loader needed.
    otel._startFromEnvConfig(config, false);
  }
}

/**
 * Where Node can run it (>= 22.22.3, 24.11.1, 25.1: `module.registerHooks` with import-in-the-middle's
 * synchronous hooks), the loader runs in the app's thread: no loader thread to start (~80 ms and 12 MiB on
 * Node 20) and no cross-thread round trip per imported module. Node 20 has only `module.register`.
 */
async function registerInThread(data: object): Promise<boolean> {
  if (Number.parseInt(process.versions.node, 10) < 22) return false;
  const hooks = await import('import-in-the-middle/register-hooks.mjs');
  if (!hooks.supportsSyncHooks()) return false;
  hooks.register(data as Parameters<typeof hooks.register>[0]);
  return true;
}
