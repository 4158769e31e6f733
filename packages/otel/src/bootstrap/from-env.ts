import { writeSync } from 'node:fs';
import { ConfigError, oneLine } from '../config/errors.js';
import type { LlmcostConfig } from '../config/types.js';
import { redactUrlsIn } from '../privacy/redact-url.js';
import { withoutEsmLoader } from './esm-hooks.js';
import { startRegistered } from './start.js';

/**
 * What the register entries run once the configuration is read. A bad pricing or budget file ends the
 * process with exit code 1 and one line (the product rule for bad config files: fail at start-up, before any
 * traffic, rather than run with wrong prices or no budget). Any other failure leaves the app running
 * uninstrumented, with one line on stderr. `esmLoader` false: the `--import` entry registered no ESM loader hook
 * (a CommonJS entry file), so import-in-the-middle need not load. The `--require` entry passes true only when a
 * loader flag (`--import`, `--loader`, `--experimental-loader`) could run an import-in-the-middle loader beside it.
 */
export function startFromEnvConfig(config: LlmcostConfig, esmLoader = true): void {
  if (!esmLoader) withoutEsmLoader();
  try {
    startRegistered(config);
  } catch (err) {
    if (err instanceof ConfigError && err.stopsStart) {
      writeSync(2, `${err.message}\n`);
      process.exit(1);
    }
    const message = redactUrlsIn(oneLine(err instanceof Error ? err.message : String(err)));
    writeSync(2, `llmcost: start-up failed: ${message}; the app runs uninstrumented\n`);
  }
}
