// `node --require @llmcost/otel/register app.cjs`: CommonJS apps (require-in-the-middle patches on
// require). ESM apps need the `--import` form, which also registers the ESM loader hook.
// Reads the configuration first (small, bundled here), then requires the package by name: the instance an
// app's own `require('@llmcost/otel')` gets too (see tsup.config.ts).
import { readConfigOrExit } from './config/read.js';
import type * as Otel from './index.js';

// An import-in-the-middle loader beside this entry can only come from a flag (`--import`, `--loader`,
// `--experimental-loader`, in the command or NODE_OPTIONS): without one its hooks would never fire, so it is not
// loaded (~5 ms: it pulls in node:worker_threads).
const esmLoaderPossible = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some(
  (flag) => /^--(import|loader|experimental-loader)\b/.test(flag),
);

const config = readConfigOrExit();
if (config) (require('@llmcost/otel') as typeof Otel)._startFromEnvConfig(config, esmLoaderPossible);
