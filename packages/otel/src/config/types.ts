import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LlmcostInstrumentationConfig } from '../types.js';

export const TRACES_EXPORTERS = ['otlp', 'console', 'none'] as const;
export const METRICS_EXPORTERS = ['otlp', 'prometheus', 'console', 'none'] as const;
export const LOGS_EXPORTERS = ['otlp', 'console', 'none'] as const;
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export const SUMMARY_TARGETS = ['stderr', 'stdout', 'off'] as const;
export const LOG_LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;
// OTEL_NODE_RESOURCE_DETECTORS, as @opentelemetry/sdk-node names them.
export const RESOURCE_DETECTORS = ['env', 'host', 'os', 'process', 'serviceinstance', 'all', 'none'] as const;
// LLMCOST_ESM_HOOK: whether `--import @llmcost/otel/register` registers the ESM loader hook (bootstrap/entry-format.ts).
export const ESM_HOOK_MODES = ['auto', 'on', 'off'] as const;

export type TracesExporterName = (typeof TRACES_EXPORTERS)[number];
export type MetricsExporterName = (typeof METRICS_EXPORTERS)[number];
export type LogsExporterName = (typeof LOGS_EXPORTERS)[number];
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
export type SummaryTarget = (typeof SUMMARY_TARGETS)[number];
export type LogLevelName = (typeof LOG_LEVELS)[number];
export type EsmHookMode = (typeof ESM_HOOK_MODES)[number];
export type ResourceDetectorName = Exclude<(typeof RESOURCE_DETECTORS)[number], 'all' | 'none'>;

/**
 * Options of `startLlmcost`. Every field is optional; a field left undefined is taken from the environment
 * variable named in its comment, then from the default. An option set here wins over the variable.
 */
export interface LlmcostOptions {
  /** `service.name` of the resource. Env: `OTEL_SERVICE_NAME`. */
  serviceName?: string;
  /** Env: `OTEL_TRACES_EXPORTER` (otlp, console, none; default otlp). */
  tracesExporters?: TracesExporterName[];
  /** Env: `OTEL_METRICS_EXPORTER` (otlp, prometheus, console, none; default otlp). */
  metricsExporters?: MetricsExporterName[];
  /** Log records: the budget guard's alerts (`llmcost.user.spend_alert`, `llmcost.budget.threshold`).
   * Env: `OTEL_LOGS_EXPORTER` (otlp, console, none; default otlp). */
  logsExporters?: LogsExporterName[];
  /** Env: `OTEL_METRIC_EXPORT_INTERVAL` (milliseconds, default 60000). */
  metricExportIntervalMillis?: number;
  /** Port of the Prometheus scrape endpoint. Env: `OTEL_EXPORTER_PROMETHEUS_PORT` (default 9464). */
  prometheusPort?: number;
  /** Env: `OTEL_EXPORTER_PROMETHEUS_HOST` (default: all interfaces). */
  prometheusHost?: string;
  /** Exit summary of cost by feature, user and model. Env: `LLMCOST_SUMMARY` (stderr, stdout, off; default off). */
  summary?: SummaryTarget;
  /** Options of the OpenAI and Anthropic instrumentations; env variables fill the fields left undefined. */
  instrumentation?: LlmcostInstrumentationConfig;
  /** Price table file replacing the bundled one. Env: `LLMCOST_PRICING_FILE`. */
  pricingFile?: string;
  /** Budget file; enables the budget guard. Env: `LLMCOST_BUDGET_FILE`. */
  budgetFile?: string;
  /** Redis for shared budget state. Env: `LLMCOST_REDIS_URL`. */
  redisUrl?: string;
  /** Instrument node:http and undici (fetch) so W3C trace context and baggage cross service boundaries.
   * Env: `LLMCOST_HTTP_INSTRUMENTATION` (true, false; default true). */
  httpInstrumentation?: boolean;
  /**
   * Hosts that may receive llmcost's attribution baggage (`user.id` or, when ids are hashed, `user.hash` only;
   * `session.id`, `llmcost.feature`, `llmcost.tier`): your own services. `api.example.com`, `*.svc.cluster.local`
   * (any subdomain), `localhost`; a port (`127.0.0.1:3000`) narrows it to that port. Requests to any other host
   * (LLM providers included) carry none of those entries. Env: `LLMCOST_BAGGAGE_PROPAGATE_TO` (comma-separated;
   * default: none).
   */
  propagateBaggageTo?: string[];
  /** Extra span processors, run after llmcost's CostSpanProcessor and before export. */
  spanProcessors?: SpanProcessor[];
  /** Extra instrumentations to enable alongside llmcost's. */
  instrumentations?: Instrumentation[];
  /** Flush and shut down on SIGTERM / SIGINT / beforeExit (default true). */
  handleProcessExit?: boolean;
}

export interface OtlpSignalConfig {
  readonly url: string;
  readonly protocol: OtlpProtocol;
  readonly headers: Readonly<Record<string, string>>;
}

/** The resolved, immutable configuration: options over environment over defaults. */
export interface LlmcostConfig {
  readonly disabled: boolean;
  readonly serviceName: string | undefined;
  readonly logLevel: LogLevelName | undefined;
  readonly traces: {
    readonly exporters: readonly TracesExporterName[];
    readonly otlp: OtlpSignalConfig;
    /** OTEL_BSP_MAX_QUEUE_SIZE: the export queue of spans other than GenAI ones (see priority-span-processor.ts). */
    readonly maxQueueSize: number;
  };
  readonly metrics: {
    readonly exporters: readonly MetricsExporterName[];
    readonly otlp: OtlpSignalConfig;
    readonly exportIntervalMillis: number;
    readonly prometheusPort: number;
    readonly prometheusHost: string | undefined;
  };
  readonly logs: { readonly exporters: readonly LogsExporterName[]; readonly otlp: OtlpSignalConfig };
  readonly instrumentation: Readonly<LlmcostInstrumentationConfig>;
  readonly httpInstrumentation: boolean;
  /** Host patterns that may receive the attribution baggage (LLMCOST_BAGGAGE_PROPAGATE_TO); empty: none. */
  readonly propagateBaggageTo: readonly string[];
  /** Resource detectors to run at start-up (OTEL_NODE_RESOURCE_DETECTORS); empty for `none`. */
  readonly resourceDetectors: readonly ResourceDetectorName[];
  readonly pricingFile: string | undefined;
  readonly budgetFile: string | undefined;
  readonly redisUrl: string | undefined;
  /** Why LLMCOST_REDIS_URL cannot be used (its one-line error), when it is bad and a budget file needs it. */
  readonly redisUrlProblem?: string;
  readonly summary: SummaryTarget;
  /**
   * `--import` register only (LLMCOST_ESM_HOOK): `auto` registers the import-in-the-middle loader hook unless the
   * app's entry file is CommonJS, `on` always, `off` never (then only require() is instrumented).
   */
  readonly esmHook: EsmHookMode;
}
