import { startMockLlm } from '@llmcost/mock-llm';
import {
  type OtlpReceiver,
  type ReceivedMetric,
  type ReceivedSpan,
  startOtlpReceiver,
} from './otlp-receiver.js';

type MockLlm = Awaited<ReturnType<typeof startMockLlm>>;

export interface Harness {
  receiver: OtlpReceiver;
  mock: MockLlm;
  /** Environment for an app under test: exports to the receiver (http/json), LLM APIs on mock-llm. */
  env(serviceName: string, extra?: Record<string, string>): Record<string, string>;
  spans(serviceName: string): ReceivedSpan[];
  /** llmcost's own LLM spans of one service. */
  llmSpans(serviceName: string): ReceivedSpan[];
  metrics(serviceName: string): ReceivedMetric[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const [receiver, mock] = await Promise.all([startOtlpReceiver(), startMockLlm({ port: 0 })]);
  const spans = (service: string) => receiver.spans.filter((s) => s.resource['service.name'] === service);
  return {
    receiver,
    mock,
    env: (serviceName, extra = {}) => ({
      OTEL_SERVICE_NAME: serviceName,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_METRICS_EXPORTER: 'otlp',
      OPENAI_BASE_URL: `${mock.url}/v1`,
      ANTHROPIC_BASE_URL: mock.url,
      OPENAI_API_KEY: 'test-key',
      ANTHROPIC_API_KEY: 'test-key',
      ...extra,
    }),
    spans,
    llmSpans: (service) => spans(service).filter((s) => s.scope === '@llmcost/otel'),
    metrics: (service) => receiver.metrics.filter((m) => m.resource['service.name'] === service),
    close: async () => {
      await Promise.all([receiver.close(), mock.close()]);
    },
  };
}

/** Sum of a counter's or histogram's points (value for sums, sum for histograms). */
export function metricTotal(metrics: ReceivedMetric[], name: string): { value: number; count: number } {
  let value = 0;
  let count = 0;
  for (const m of metrics.filter((x) => x.name === name)) {
    for (const p of m.points) {
      value += p.value ?? p.sum ?? 0;
      count += p.count ?? 0;
    }
  }
  return { value, count };
}
