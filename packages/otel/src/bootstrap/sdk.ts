import {
  context,
  type DiagLogger,
  DiagLogLevel,
  diag,
  metrics,
  propagation,
  trace,
} from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  type ResourceDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LlmcostConfig, LogLevelName, ResourceDetectorName } from '../config/types.js';
import { CostSpanProcessor } from '../cost-span-processor/index.js';
import { AttributionBaggagePropagator } from '../privacy/attribution-propagator.js';
import { UrlRedactionSpanProcessor } from '../privacy/url-redaction-processor.js';
import { warnOnSecondApiCopy } from './api-copies.js';
import { CollectorWatch } from './collector-watch.js';
import { createLogRecordProcessors } from './log-processors.js';
import { createMetricReaders } from './metric-readers.js';
import { noticeOnce, setNoticesSilent } from './notices.js';
import { type DropReason, PrioritySpanProcessor, type SpanClass } from './priority-span-processor.js';
import { createSpanExporters } from './span-exporters.js';

const LOG_LEVEL: Record<LogLevelName, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

const DETECTORS: Record<ResourceDetectorName, ResourceDetector> = {
  env: envDetector,
  host: hostDetector,
  os: osDetector,
  process: processDetector,
  serviceinstance: serviceInstanceIdDetector,
};

// DiagConsoleLogger sends debug and info to stdout, into the app's own output; all diagnostics go to stderr.
const stderrLogger: DiagLogger = {
  error: (...args) => console.error(...args),
  warn: (...args) => console.error(...args),
  info: (...args) => console.error(...args),
  debug: (...args) => console.error(...args),
  verbose: (...args) => console.error(...args),
};

export interface RunningSdk {
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  /** The OTLP collectors exported to (shutdown probes them: bootstrap/start.ts). */
  readonly collectors: CollectorWatch;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The OTel SDK pieces llmcost needs, assembled directly rather than through NodeSDK: NodeSDK loads every
 * exporter (gRPC included) at require time, which costs ~0.3 s of start-up on every `--import`.
 */
export function startSdk(
  config: LlmcostConfig,
  instrumentations: Instrumentation[],
  extraSpanProcessors: SpanProcessor[] = [],
): RunningSdk {
  if (config.logLevel !== undefined) {
    diag.setLogger(stderrLogger, { logLevel: LOG_LEVEL[config.logLevel], suppressOverrideMessage: true });
  }
  setNoticesSilent(config.logLevel === 'none');
  const collectors = new CollectorWatch(config);
  warnOnSecondApiCopy('llmcost');
  const detected = detectResources({ detectors: config.resourceDetectors.map((name) => DETECTORS[name]) });
  let resource = defaultResource().merge(detected);
  if (config.serviceName !== undefined) {
    resource = resource.merge(resourceFromAttributes({ 'service.name': config.serviceName }));
  }

  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // Baggage as W3C defines it, except llmcost's attribution entries, which go only to the hosts listed in
  // LLMCOST_BAGGAGE_PROPAGATE_TO (privacy/attribution-propagator.ts).
  const baggage = new AttributionBaggagePropagator({
    propagateTo: config.propagateBaggageTo,
    ...(config.instrumentation.userIdHashKey !== undefined
      ? { userIdHashKey: config.instrumentation.userIdHashKey }
      : {}),
  });
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), baggage] }),
  );

  const hashKey = config.instrumentation.userIdHashKey;
  const costProcessor = new CostSpanProcessor(hashKey !== undefined ? { userIdHashKey: hashKey } : {});
  // Redaction first: no other processor, and no exporter, sees a URL's credentials.
  const spanProcessors: SpanProcessor[] = [
    new UrlRedactionSpanProcessor(),
    costProcessor,
    ...extraSpanProcessors,
  ];
  for (const { exporter, batch } of createSpanExporters(config, collectors)) {
    spanProcessors.push(
      batch
        ? new PrioritySpanProcessor(exporter, {
            maxQueueSize: config.traces.maxQueueSize,
            onDrop: saySpansDropped,
          })
        : new SimpleSpanProcessor(exporter),
    );
  }
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors });
  trace.setGlobalTracerProvider(tracerProvider);

  const meterProvider = new MeterProvider({ resource, readers: createMetricReaders(config, collectors) });
  metrics.setGlobalMeterProvider(meterProvider);

  const loggerProvider = new LoggerProvider({ resource, processors: createLogRecordProcessors(config) });
  logs.setGlobalLoggerProvider(loggerProvider);

  registerInstrumentations({ instrumentations, tracerProvider, meterProvider, loggerProvider });

  return {
    tracerProvider,
    meterProvider,
    collectors,
    async forceFlush() {
      await Promise.all([
        tracerProvider.forceFlush(),
        meterProvider.forceFlush(),
        loggerProvider.forceFlush(),
      ]);
    },
    async shutdown() {
      // Spans first: a span ending during shutdown may still record metrics.
      await tracerProvider.shutdown();
      await Promise.all([meterProvider.shutdown(), loggerProvider.shutdown()]);
    },
  };
}

/** One line per kind of drop, the first time (the counter `llmcost.spans.dropped` has every one). */
function saySpansDropped(spanClass: SpanClass, reason: DropReason, _count: number, capacity: number): void {
  if (reason !== 'queue_full') return; // a failed export is said by the collector watch
  const which = spanClass === 'gen_ai' ? 'GenAI' : 'non-GenAI';
  noticeOnce(
    `queue:${spanClass}`,
    `llmcost: the export queue of ${which} spans is full (${capacity}); spans are dropped and counted in llmcost.spans.dropped; check the collector, or raise OTEL_BSP_MAX_QUEUE_SIZE`,
  );
}
