import { ATTRIBUTION_BAGGAGE_KEYS } from '../context.js';
import { hostPatternProblem } from '../privacy/host-pattern.js';
import type { LlmcostInstrumentationConfig } from '../types.js';
import {
  type Env,
  readBoolean,
  readEnum,
  readEnumList,
  readInteger,
  readList,
  readProviderByHost,
  readRedisUrl,
  readSecret,
  readString,
} from './env-parsers.js';
import { ConfigError } from './errors.js';
import { readOtlpSignal } from './otlp.js';
import {
  ESM_HOOK_MODES,
  type LlmcostConfig,
  type LlmcostOptions,
  LOG_LEVELS,
  LOGS_EXPORTERS,
  METRICS_EXPORTERS,
  type OtlpSignalConfig,
  RESOURCE_DETECTORS,
  type ResourceDetectorName,
  SUMMARY_TARGETS,
  TRACES_EXPORTERS,
} from './types.js';

const DEFAULT_METRIC_EXPORT_INTERVAL_MS = 60_000;
const DEFAULT_PROMETHEUS_PORT = 9464;
const DEFAULT_CONTENT_MAX_CHARS = 16_384;
// The OTel default of OTEL_BSP_MAX_QUEUE_SIZE (sdk-trace-base BatchSpanProcessor).
const DEFAULT_SPAN_QUEUE_SIZE = 2048;
// `env` and `process` read only memory. `host` reads the machine id (a file on Linux, a child process on macOS
// and Windows) and `os` / `serviceinstance` add attributes few cost dashboards need: run only when asked, so
// start-up does no I/O of its own. (@opentelemetry/sdk-node runs them all by default.)
const DEFAULT_RESOURCE_DETECTORS: readonly ResourceDetectorName[] = ['env', 'process'];
const ALL_RESOURCE_DETECTORS: readonly ResourceDetectorName[] = [
  'env',
  'host',
  'os',
  'process',
  'serviceinstance',
];
const NO_OTLP: OtlpSignalConfig = Object.freeze({
  url: 'http://localhost:4318',
  protocol: 'http/protobuf',
  headers: Object.freeze({}),
});

function resourceDetectors(names: readonly (typeof RESOURCE_DETECTORS)[number][] | undefined) {
  if (names === undefined) return DEFAULT_RESOURCE_DETECTORS;
  if (names.includes('all')) return ALL_RESOURCE_DETECTORS;
  return Object.freeze(names.filter((n): n is ResourceDetectorName => n !== 'none' && n !== 'all'));
}

/** The configuration, and every problem found on the way (each variable is read even when another is bad). */
export interface ConfigReport {
  config: LlmcostConfig;
  problems: ConfigError[];
}

/**
 * Reads the environment once into an immutable config; options win over variables. Every variable is
 * validated even when an option overrides it, so a typo never hides. Throws the first problem
 * (`ConfigError`, one line); `resolveConfigReport` returns them all instead.
 */
export function resolveConfig(env: Env, options: LlmcostOptions = {}): LlmcostConfig {
  const { config, problems } = resolveConfigReport(env, options);
  if (problems.length > 0) throw problems[0];
  return config;
}

/**
 * Like `resolveConfig`, but a bad variable does not stop the others from being read: it is reported, and the
 * setting it would have made takes its default (see read.ts for what the bootstrap then does).
 */
export function resolveConfigReport(env: Env, options: LlmcostOptions = {}): ConfigReport {
  const problems: ConfigError[] = [];
  const read = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      // A variable read twice (the general OTLP ones, once per signal) is one problem.
      if (!problems.some((p) => p.message === err.message)) problems.push(err);
      return undefined;
    }
  };
  const disabled = read(() => readBoolean(env, 'OTEL_SDK_DISABLED')) ?? false;
  const logLevel = read(() => readEnum(env, 'OTEL_LOG_LEVEL', LOG_LEVELS));
  const tracesExporters = read(() => readEnumList(env, 'OTEL_TRACES_EXPORTER', TRACES_EXPORTERS));
  const metricsExporters = read(() => readEnumList(env, 'OTEL_METRICS_EXPORTER', METRICS_EXPORTERS));
  const logsExporters = read(() => readEnumList(env, 'OTEL_LOGS_EXPORTER', LOGS_EXPORTERS));
  const exportInterval = read(() => readInteger(env, 'OTEL_METRIC_EXPORT_INTERVAL', 1, 86_400_000));
  const prometheusPort = read(() => readInteger(env, 'OTEL_EXPORTER_PROMETHEUS_PORT', 0, 65_535));
  const prometheusHost = read(() => readString(env, 'OTEL_EXPORTER_PROMETHEUS_HOST'));
  const spanQueueSize = read(() => readInteger(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 1, 10_000_000));
  const captureContent = read(() => readBoolean(env, 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT'));
  const contentMaxChars = read(() => readInteger(env, 'LLMCOST_CONTENT_MAX_CHARS', 1, 10_000_000));
  const injectStreamUsage = read(() => readBoolean(env, 'LLMCOST_OPENAI_INCLUDE_STREAM_USAGE'));
  const estimatedAsGenAi = read(() => readBoolean(env, 'LLMCOST_ESTIMATED_USAGE_AS_GENAI'));
  const userIdHashKey = read(() => readSecret(env, 'LLMCOST_USER_ID_HASH'));
  const metricsUserIdLimit = read(() => readInteger(env, 'LLMCOST_METRICS_USER_ID_LIMIT', 0, 100_000));
  const httpInstrumentation = read(() => readBoolean(env, 'LLMCOST_HTTP_INSTRUMENTATION'));
  const summary = read(() => readEnum(env, 'LLMCOST_SUMMARY', SUMMARY_TARGETS));
  const detectors = read(() => readEnumList(env, 'OTEL_NODE_RESOURCE_DETECTORS', RESOURCE_DETECTORS));
  const esmHook = read(() => readEnum(env, 'LLMCOST_ESM_HOOK', ESM_HOOK_MODES));
  const providerByHost = read(() => readProviderByHost(env, 'LLMCOST_PROVIDER_BY_HOST'));
  const propagateTo = read(() => readList(env, 'LLMCOST_BAGGAGE_PROPAGATE_TO', hostPatternProblem));
  const trustedBaggage = read(() =>
    readList(env, 'LLMCOST_BUDGET_TRUSTED_BAGGAGE', trustedKeyProblem, 'fatal'),
  );
  const tracesOtlp = read(() => readOtlpSignal(env, 'traces')) ?? NO_OTLP;
  const metricsOtlp = read(() => readOtlpSignal(env, 'metrics')) ?? NO_OTLP;
  const logsOtlp = read(() => readOtlpSignal(env, 'logs')) ?? NO_OTLP;
  const redisUrl = read(() => readRedisUrl(env, 'LLMCOST_REDIS_URL'));

  const given: LlmcostInstrumentationConfig = options.instrumentation ?? {};
  const instrumentation: LlmcostInstrumentationConfig = {
    ...given,
    captureMessageContent: given.captureMessageContent ?? captureContent ?? false,
    contentMaxChars: given.contentMaxChars ?? contentMaxChars ?? DEFAULT_CONTENT_MAX_CHARS,
    injectStreamUsage: given.injectStreamUsage ?? injectStreamUsage ?? false,
    estimatedUsageAsGenAi: given.estimatedUsageAsGenAi ?? estimatedAsGenAi ?? false,
  };
  const hashKey = given.userIdHashKey ?? userIdHashKey;
  if (hashKey !== undefined && hashKey.trim() === '') {
    problems.push(
      new ConfigError(
        'llmcost: the userIdHashKey option is empty; give a secret key, or leave it undefined to record ids as they are',
        'fatal',
      ),
    );
  } else if (hashKey !== undefined) instrumentation.userIdHashKey = hashKey;
  const userLimit = given.metricsUserIdLimit ?? metricsUserIdLimit;
  if (userLimit !== undefined) instrumentation.metricsUserIdLimit = userLimit;
  const hosts = given.providerByHost ?? providerByHost;
  if (hosts !== undefined) instrumentation.providerByHost = Object.freeze({ ...hosts });
  const trusted = given.budgetTrustedBaggage ?? trustedBaggage;
  if (trusted !== undefined) {
    const bad = trusted.map(trustedKeyProblem).find((p) => p !== undefined);
    if (bad !== undefined && given.budgetTrustedBaggage !== undefined) {
      problems.push(new ConfigError(`llmcost: the budgetTrustedBaggage option: ${bad}`, 'fatal'));
    } else instrumentation.budgetTrustedBaggage = Object.freeze([...trusted]);
  }

  const config: LlmcostConfig = Object.freeze({
    disabled,
    serviceName: options.serviceName ?? read(() => readString(env, 'OTEL_SERVICE_NAME')),
    logLevel,
    traces: Object.freeze({
      exporters: Object.freeze(options.tracesExporters ?? tracesExporters ?? (['otlp'] as const)),
      otlp: tracesOtlp,
      maxQueueSize: spanQueueSize ?? DEFAULT_SPAN_QUEUE_SIZE,
    }),
    metrics: Object.freeze({
      exporters: Object.freeze(options.metricsExporters ?? metricsExporters ?? (['otlp'] as const)),
      otlp: metricsOtlp,
      exportIntervalMillis:
        options.metricExportIntervalMillis ?? exportInterval ?? DEFAULT_METRIC_EXPORT_INTERVAL_MS,
      prometheusPort: options.prometheusPort ?? prometheusPort ?? DEFAULT_PROMETHEUS_PORT,
      prometheusHost: options.prometheusHost ?? prometheusHost,
    }),
    logs: Object.freeze({
      exporters: Object.freeze(options.logsExporters ?? logsExporters ?? (['otlp'] as const)),
      otlp: logsOtlp,
    }),
    instrumentation: Object.freeze(instrumentation),
    httpInstrumentation: options.httpInstrumentation ?? httpInstrumentation ?? true,
    propagateBaggageTo: Object.freeze([...(options.propagateBaggageTo ?? propagateTo ?? [])]),
    resourceDetectors: resourceDetectors(detectors),
    pricingFile: options.pricingFile ?? read(() => readString(env, 'LLMCOST_PRICING_FILE')),
    budgetFile: options.budgetFile ?? read(() => readString(env, 'LLMCOST_BUDGET_FILE')),
    redisUrl: options.redisUrl ?? redisUrl,
    summary: options.summary ?? summary ?? 'off',
    esmHook: esmHook ?? 'auto',
  });
  return { config, problems };
}

function trustedKeyProblem(key: string): string | undefined {
  return (ATTRIBUTION_BAGGAGE_KEYS as readonly string[]).includes(key)
    ? undefined
    : `"${key}" is not one of ${ATTRIBUTION_BAGGAGE_KEYS.join(', ')}`;
}
