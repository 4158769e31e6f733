// Child process of the conformance test: the same calls under @opentelemetry/instrumentation-openai@0.21.0,
// alone in its process so the two instrumentations never patch the same module. Prints the spans as JSON.
import { createRequire } from 'node:module';
import { CONFORMANCE_CALLS } from './conformance-calls.mjs';

const otel = createRequire(new URL('../../../package.json', import.meta.url));
const { OpenAIInstrumentation } = otel('@opentelemetry/instrumentation-openai');
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = otel(
  '@opentelemetry/sdk-trace-base',
);

const [, , baseURL, fixturesDir] = process.argv;
const instrumentation = new OpenAIInstrumentation();
const exporter = new InMemorySpanExporter();
instrumentation.setTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);
// Its metric instruments are class fields reset after the base constructor created them: create them again.
instrumentation.setMeterProvider(otel('@opentelemetry/api').metrics.getMeterProvider());
const { OpenAI } = createRequire(`${fixturesDir}/openai-v6/package.json`)('openai');
const client = new OpenAI({ apiKey: 'sk-conformance', baseURL, maxRetries: 0 });

const out = [];
for (const call of CONFORMANCE_CALLS) {
  exporter.reset();
  await call.run(client);
  const spans = exporter.getFinishedSpans();
  out.push({
    name: call.name,
    spans: spans.map((s) => ({ name: s.name, kind: s.kind, attributes: s.attributes })),
  });
}
process.stdout.write(JSON.stringify(out));
