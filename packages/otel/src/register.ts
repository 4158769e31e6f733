// `node --import @llmcost/otel/register app.js`: instruments ESM and CommonJS apps with no code change.
// ESM needs a loader hook (import-in-the-middle) registered before the app's imports are resolved; only the
// modules the instrumentations hook are wrapped, and start-up waits until the loader has the list.
// Model: elastic/elastic-otel-node `import.mjs`. This file stays small: it reads the configuration, and only
// then loads the package (by name, its CommonJS bundle: the one instance an app's own `import` or `require` of
// `@llmcost/otel` also gets, see tsup.config.ts).
import { createRequire } from 'node:module';
import { needsEsmLoaderHook } from './bootstrap/entry-format.js';
import { registerEsmLoader } from './bootstrap/esm-loader.js';
import { readConfigOrExit } from './config/read.js';
import type * as Otel from './index.js';

const config = readConfigOrExit();
if (config) {
  // Loaded before the hook is registered, so our own modules do not pass through the loader.
  const otel = createRequire(import.meta.url)('@llmcost/otel') as typeof Otel;
  if (needsEsmLoaderHook(config.esmHook)) {
    const { createAddHookMessageChannel } = await import('import-in-the-middle');
    // The instrumentations tell the loader which modules to wrap through this channel as they start.
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    await registerEsmLoader(import.meta.url, registerOptions);
    otel._startFromEnvConfig(config);
    await waitForAllMessagesAcknowledged();
  } else {
    // A CommonJS entry file: require-in-the-middle instruments its require()s, no loader needed.
    otel._startFromEnvConfig(config, false);
  }
}
