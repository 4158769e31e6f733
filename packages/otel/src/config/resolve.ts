import type { LlmcostInstrumentationConfig } from '../types.js';
import {
  type Env,
  readBoolean,
  readEnum,
  readEnumList,
  readInteger,
  readProviderByHost,
  readRedisUrl,
  readString,
} from './env-parsers.js';
import { readOtlpSignal } from './otlp.js';
import {
  ESM_HOOK_MODES,
  type LlmcostConfig,
  type LlmcostOptions,
  LOG_LEVELS,
  METRICS_EXPORTERS,
  RESOURCE_DETECTORS,
  type ResourceDetectorName,
  SUMMARY_TARGETS,
  TRACES_EXPORTERS,
} from './types.js';

const DEFAULT_METRIC_EXPORT_INTERVAL_MS = 60_000;
const DEFAULT_PROMETHEUS_PORT = 9464;
const DEFAULT_CONTENT_MAX_CHARS = 16_384;
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

function resourceDetectors(names: readonly (typeof RESOURCE_DETECTORS)[number][] | undefined) {
  if (names === undefined) return DEFAULT_RESOURCE_DETECTORS;
  if (names.includes('all')) return ALL_RESOURCE_DETECTORS;
  return Object.freeze(names.filter((n): n is ResourceDetectorName => n !== 'none' && n !== 'all'));
}

/**
 * Reads the environment once into an immutable config; options win over variables. Every variable is
 * validated even when an option overrides it, so a typo never hides. Throws `ConfigError` (one line).
 */
export function resolveConfig(env: Env, options: LlmcostOptions = {}): LlmcostConfig {
  const disabled = readBoolean(env, 'OTEL_SDK_DISABLED') ?? false;
  const logLevel = readEnum(env, 'OTEL_LOG_LEVEL', LOG_LEVELS);
  const tracesExporters = readEnumList(env, 'OTEL_TRACES_EXPORTER', TRACES_EXPORTERS);
  const metricsExporters = readEnumList(env, 'OTEL_METRICS_EXPORTER', METRICS_EXPORTERS);
  const exportInterval = readInteger(env, 'OTEL_METRIC_EXPORT_INTERVAL', 1, 86_400_000);
  const prometheusPort = readInteger(env, 'OTEL_EXPORTER_PROMETHEUS_PORT', 0, 65_535);
  const prometheusHost = readString(env, 'OTEL_EXPORTER_PROMETHEUS_HOST');
  const captureContent = readBoolean(env, 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT');
  const contentMaxChars = readInteger(env, 'LLMCOST_CONTENT_MAX_CHARS', 1, 10_000_000);
  const injectStreamUsage = readBoolean(env, 'LLMCOST_OPENAI_INCLUDE_STREAM_USAGE');
  const userIdHashKey = readString(env, 'LLMCOST_USER_ID_HASH');
  const metricsUserIdLimit = readInteger(env, 'LLMCOST_METRICS_USER_ID_LIMIT', 0, 100_000);
  const httpInstrumentation = readBoolean(env, 'LLMCOST_HTTP_INSTRUMENTATION');
  const summary = readEnum(env, 'LLMCOST_SUMMARY', SUMMARY_TARGETS);
  const detectors = readEnumList(env, 'OTEL_NODE_RESOURCE_DETECTORS', RESOURCE_DETECTORS);
  const esmHook = readEnum(env, 'LLMCOST_ESM_HOOK', ESM_HOOK_MODES);
  const providerByHost = readProviderByHost(env, 'LLMCOST_PROVIDER_BY_HOST');

  const given: LlmcostInstrumentationConfig = options.instrumentation ?? {};
  const instrumentation: LlmcostInstrumentationConfig = {
    ...given,
    captureMessageContent: given.captureMessageContent ?? captureContent ?? false,
    contentMaxChars: given.contentMaxChars ?? contentMaxChars ?? DEFAULT_CONTENT_MAX_CHARS,
    injectStreamUsage: given.injectStreamUsage ?? injectStreamUsage ?? false,
  };
  const hashKey = given.userIdHashKey ?? userIdHashKey;
  if (hashKey !== undefined) instrumentation.userIdHashKey = hashKey;
  const userLimit = given.metricsUserIdLimit ?? metricsUserIdLimit;
  if (userLimit !== undefined) instrumentation.metricsUserIdLimit = userLimit;
  const hosts = given.providerByHost ?? providerByHost;
  if (hosts !== undefined) instrumentation.providerByHost = Object.freeze({ ...hosts });

  return Object.freeze({
    disabled,
    serviceName: options.serviceName ?? readString(env, 'OTEL_SERVICE_NAME'),
    logLevel,
    traces: Object.freeze({
      exporters: Object.freeze(options.tracesExporters ?? tracesExporters ?? (['otlp'] as const)),
      otlp: readOtlpSignal(env, 'traces'),
    }),
    metrics: Object.freeze({
      exporters: Object.freeze(options.metricsExporters ?? metricsExporters ?? (['otlp'] as const)),
      otlp: readOtlpSignal(env, 'metrics'),
      exportIntervalMillis:
        options.metricExportIntervalMillis ?? exportInterval ?? DEFAULT_METRIC_EXPORT_INTERVAL_MS,
      prometheusPort: options.prometheusPort ?? prometheusPort ?? DEFAULT_PROMETHEUS_PORT,
      prometheusHost: options.prometheusHost ?? prometheusHost,
    }),
    instrumentation: Object.freeze(instrumentation),
    httpInstrumentation: options.httpInstrumentation ?? httpInstrumentation ?? true,
    resourceDetectors: resourceDetectors(detectors),
    pricingFile: options.pricingFile ?? readString(env, 'LLMCOST_PRICING_FILE'),
    budgetFile: options.budgetFile ?? readString(env, 'LLMCOST_BUDGET_FILE'),
    redisUrl: options.redisUrl ?? readRedisUrl(env, 'LLMCOST_REDIS_URL'),
    summary: options.summary ?? summary ?? 'off',
    esmHook: esmHook ?? 'auto',
  });
}
