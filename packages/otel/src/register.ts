// `node --import @llmcost/otel/register app.js`: instruments ESM and CommonJS apps with no code change.
// ESM needs a loader hook (import-in-the-middle) registered before the app's imports are resolved; only the
// modules the instrumentations hook are wrapped, and start-up waits until the loader has the list.
// Model: elastic/elastic-otel-node `import.mjs`.
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { readConfig } from './config/read.js';

const config = readConfig();
if (config) {
  // Loaded only now: with OTEL_SDK_DISABLED or a bad variable, the SDK is never loaded at all. Loaded
  // before the hook is registered, so our own imports do not pass through the loader thread.
  const { startFromEnvConfig } = await import('./bootstrap/from-env.js');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  startFromEnvConfig(config);
  await waitForAllMessagesAcknowledged();
}
