// `node --require @llmcost/otel/register app.cjs`: CommonJS apps (require-in-the-middle patches on
// require). ESM apps need the `--import` form, which also registers the ESM loader hook.
// Reads the configuration first (small, bundled here), then requires the package by name: the instance an
// app's own `require('@llmcost/otel')` gets too (see tsup.config.ts).
import { readConfigOrExit } from './config/read.js';
import type * as Otel from './index.js';

const config = readConfigOrExit();
if (config) (require('@llmcost/otel') as typeof Otel)._startFromEnvConfig(config);
