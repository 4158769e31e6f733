import { writeSync } from 'node:fs';
import type { Env } from './env-parsers.js';
import { ConfigError, oneLine } from './errors.js';
import { resolveConfig } from './resolve.js';
import type { LlmcostConfig, LlmcostOptions } from './types.js';

/**
 * Reads the configuration without starting anything. A bad environment variable gives one line on stderr
 * and `undefined` (llmcost stays off, the app runs uninstrumented); so does OTEL_SDK_DISABLED=true.
 * Kept apart from the bootstrap so the register entry can decide before loading the SDK.
 */
export function readConfig(options: LlmcostOptions = {}, env: Env = process.env): LlmcostConfig | undefined {
  try {
    const config = resolveConfig(env, options);
    return config.disabled ? undefined : config;
  } catch (err) {
    const line = err instanceof ConfigError ? err.message : `llmcost: ${oneLine(String(err))}`;
    try {
      writeSync(2, `${line}; llmcost is off, the app runs uninstrumented\n`);
    } catch {
      // stderr closed: nothing more to say.
    }
    return undefined;
  }
}
