// `node --require @llmcost/otel/register app.cjs`: CommonJS apps (require-in-the-middle patches on
// require). ESM apps need the `--import` form, which also registers the ESM loader hook.
import { startFromEnvConfig } from './bootstrap/from-env.js';
import { readConfig } from './config/read.js';

const config = readConfig();
if (config) startFromEnvConfig(config);
