import { writeSync } from 'node:fs';
import type { Env } from './env-parsers.js';
import { ConfigError, oneLine } from './errors.js';
import { resolveConfigReport } from './resolve.js';
import type { LlmcostConfig, LlmcostOptions } from './types.js';

const OFF = '; llmcost is off, the app runs uninstrumented';
const TELEMETRY_OFF = '; telemetry is off, the budget of LLMCOST_BUDGET_FILE is still enforced';
const NO_BUDGET = '; ignored: no LLMCOST_BUDGET_FILE uses it';

function say(line: string): void {
  try {
    writeSync(2, `${line}\n`);
  } catch {
    // stderr closed: nothing more to say.
  }
}

/**
 * Reads the configuration without starting anything, saying one line on stderr per bad variable:
 * - a bad telemetry variable (exporters, endpoints, log level, ...) turns telemetry off. With a budget file
 *   configured, the instrumentation still runs and the budget is enforced (a typo in an unrelated variable must
 *   not let spend through); without one, llmcost is off (`undefined`) and the app runs uninstrumented;
 * - a bad LLMCOST_REDIS_URL leaves the budget without a store: the budget's `onStoreError` decides (start.ts);
 * - a setting whose loss would weaken privacy or the budget (an empty LLMCOST_USER_ID_HASH, a bad
 *   LLMCOST_BUDGET_TRUSTED_BAGGAGE) throws its `ConfigError`: the process must not start with it.
 * OTEL_SDK_DISABLED=true gives `undefined`. Kept apart from the bootstrap so the register entry can decide
 * before loading the SDK.
 */
export function readConfig(options: LlmcostOptions = {}, env: Env = process.env): LlmcostConfig | undefined {
  let report: ReturnType<typeof resolveConfigReport>;
  try {
    report = resolveConfigReport(env, options);
  } catch (err) {
    say(`llmcost: ${oneLine(String(err))}${OFF}`);
    return undefined;
  }
  const { problems } = report;
  let config = report.config;
  const fatal = problems.find((p) => p.stopsStart);
  if (fatal) throw fatal;
  const storeProblem = problems.find((p) => p.variable === 'LLMCOST_REDIS_URL');
  const telemetry = problems.filter((p) => p !== storeProblem);
  const budgeted = config.budgetFile !== undefined;
  if (telemetry.length > 0 && !budgeted) {
    for (const p of problems) say(`${p.message}${OFF}`);
    return undefined;
  }
  if (config.disabled) return undefined;
  for (const p of telemetry) say(`${p.message}${TELEMETRY_OFF}`);
  if (storeProblem && !budgeted) say(`${storeProblem.message}${NO_BUDGET}`);
  if (telemetry.length > 0) config = withoutTelemetry(config);
  if (storeProblem && budgeted) config = Object.freeze({ ...config, redisUrlProblem: storeProblem.message });
  return config;
}

/** For the register entries: as readConfig, but a setting that must stop the start ends the process (exit 1). */
export function readConfigOrExit(): LlmcostConfig | undefined {
  try {
    return readConfig();
  } catch (err) {
    say(err instanceof ConfigError ? err.message : `llmcost: ${oneLine(String(err))}`);
    process.exit(1);
  }
}

/** The instrumentation (and so the budget) without exporting anything or printing a summary. */
function withoutTelemetry(config: LlmcostConfig): LlmcostConfig {
  return Object.freeze({
    ...config,
    traces: Object.freeze({ ...config.traces, exporters: Object.freeze(['none'] as const) }),
    metrics: Object.freeze({ ...config.metrics, exporters: Object.freeze(['none'] as const) }),
    logs: Object.freeze({ ...config.logs, exporters: Object.freeze(['none'] as const) }),
    summary: 'off',
  });
}
