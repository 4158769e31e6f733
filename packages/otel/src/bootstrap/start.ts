import { writeSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import type { Env } from '../config/env-parsers.js';
import { readConfig } from '../config/read.js';
import type { LlmcostConfig, LlmcostOptions } from '../config/types.js';
import { endOpenStreams } from '../core/unread-streams.js';
import { onCallRecorded } from '../recorder/call-record.js';
import { pendingSpansEnded } from '../recorder/pending-spans.js';
import { formatSummary, SummaryAggregator, type SummaryCall } from '../summary/index.js';
import type { LlmcostInstrumentationConfig } from '../types.js';
import { createBudgetGuardFromFile, loadPricingFile } from './files.js';
import { createInstrumentations } from './instrumentations.js';
import { handleProcessExit } from './process-exit.js';
import {
  currentRequire,
  packagesWithFileHooks,
  skipHookForRelativeRequiresInPackages,
} from './require-fast-path.js';
import { type RunningSdk, startSdk } from './sdk.js';

/** How long shutdown waits for budget settlements (the store's own timeouts are shorter). */
const PENDING_SPANS_MAX_WAIT_MS = 5_000;
/** With no collector: how long shutdown still lets the flush run (it fails fast) before the process may end. */
const SHUTDOWN_GRACE_MS = 250;

export interface LlmcostHandle {
  /** The resolved configuration, or undefined when llmcost is off (disabled or misconfigured). */
  readonly config: LlmcostConfig | undefined;
  forceFlush(): Promise<void>;
  /** Flushes and stops exporting; idempotent. */
  shutdown(): Promise<void>;
}

const OFF: LlmcostHandle = Object.freeze({
  config: undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});

let current: LlmcostHandle | undefined;

function writeLine(fd: 1 | 2, text: string): void {
  try {
    writeSync(fd, text.endsWith('\n') ? text : `${text}\n`);
  } catch {
    // stdout/stderr closed: nothing more to say.
  }
}

/**
 * Starts tracing, metrics and the OpenAI / Anthropic instrumentations (what `--import
 * @llmcost/otel/register` does). Never throws for a bad environment variable (one line on stderr, then a
 * no-op handle); throws ConfigError for a bad LLMCOST_PRICING_FILE or LLMCOST_BUDGET_FILE, which must not be
 * ignored. Calling it again returns the running instance.
 */
export function startLlmcost(options: LlmcostOptions = {}, env: Env = process.env): LlmcostHandle {
  if (current) return current;
  const config = readConfig(options, env);
  if (!config) return OFF;
  current = startWithConfig(config, options);
  return current;
}

/**
 * What the register entries start (bootstrap/from-env.ts): it becomes the running instance, so an app under
 * `--import @llmcost/otel/register` that also calls `startLlmcost` or `shutdown` gets that instance rather than
 * a second SDK.
 */
export function startRegistered(config: LlmcostConfig): LlmcostHandle {
  current ??= startWithConfig(config);
  return current;
}

/** Shuts down the instance started by `startLlmcost` or the register entry, if any. */
export async function shutdown(): Promise<void> {
  await current?.shutdown();
}

export function startWithConfig(config: LlmcostConfig, options: LlmcostOptions = {}): LlmcostHandle {
  if (config.pricingFile !== undefined) loadPricingFile(config.pricingFile, config.budgetFile !== undefined);
  const instrumentationConfig: LlmcostInstrumentationConfig = { ...config.instrumentation };
  if (config.budgetFile !== undefined && instrumentationConfig.budgetGuard === undefined) {
    instrumentationConfig.budgetGuard = createBudgetGuardFromFile(
      config.budgetFile,
      config.redisUrl,
      config.redisUrlProblem,
      (line) => writeLine(2, line),
    );
  }

  const aggregator = config.summary === 'off' ? undefined : new SummaryAggregator();
  const unsubscribe = aggregator
    ? onCallRecorded((record) => aggregator.add(record as SummaryCall))
    : () => {};

  const requireBeforeHooks = currentRequire();
  const instrumentations = [
    ...createInstrumentations(config, instrumentationConfig),
    ...(options.instrumentations ?? []),
  ];
  const sdk = startSdk(config, instrumentations, options.spanProcessors);
  skipHookForRelativeRequiresInPackages(requireBeforeHooks, packagesWithFileHooks(instrumentations));

  // A guard made here from LLMCOST_BUDGET_FILE is ours to close (its Redis connection, if any).
  const ownGuard =
    instrumentationConfig.budgetGuard !== config.instrumentation.budgetGuard
      ? (instrumentationConfig.budgetGuard as { close?: () => Promise<void> } | undefined)
      : undefined;
  let stopped: Promise<boolean | undefined> | undefined;
  const stop = () => {
    stopped ??= stopSdk(sdk, ownGuard).catch((err) => {
      diag.error('llmcost: shutdown failed', err);
      return undefined;
    });
    return stopped;
  };
  let printed = false;
  const printSummary = () => {
    if (!aggregator || printed) return;
    printed = true;
    unsubscribe();
    writeLine(config.summary === 'stdout' ? 1 : 2, `\n${formatSummary(aggregator.snapshot())}`);
  };
  const removeExitHandlers =
    options.handleProcessExit === false ? () => {} : handleProcessExit(stop, printSummary);

  return {
    config,
    forceFlush: () => pendingSpansEnded(PENDING_SPANS_MAX_WAIT_MS).then(() => sdk.forceFlush()),
    async shutdown() {
      removeExitHandlers();
      await stop();
      printSummary();
    },
  };
}

/**
 * Ends the SDK: LLM spans whose budget settlement is still in flight end first (bounded), then spans and metrics
 * are flushed. The collectors are probed meanwhile: when one is not there, exports to it fail at once instead of
 * being retried for up to 10 s, one line says so, and this resolves to true (the process-exit handler then ends
 * the process without waiting for the exporters' timers).
 */
async function stopSdk(
  sdk: RunningSdk,
  guard: { close?: () => Promise<void> } | undefined,
): Promise<boolean> {
  const probe = sdk.collectors.probe();
  // Streams never read (or dropped half-read) end now, with what is known, and settle their reservation.
  endOpenStreams();
  await pendingSpansEnded(PENDING_SPANS_MAX_WAIT_MS);
  const absent = await probe;
  const flushed = sdk.shutdown().then(() => false);
  // Exports already under way before the probe keep retrying: with no collector, do not wait for them.
  const abandoned = absent ? await Promise.race([flushed, settleSoon(true)]) : await flushed;
  await guard?.close?.();
  return abandoned;
}

/** Resolves to `value` after the exports that can still fail fast have done so (a few event-loop turns). */
function settleSoon<T>(value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), SHUTDOWN_GRACE_MS).unref());
}
