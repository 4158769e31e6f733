// The "floor" of an instrumentation: what one call's telemetry costs the OpenTelemetry SDK alone, made inline
// after the call with no instrumentation code (a span with the attributes that instrumentation sets, its
// histogram records with their attribute sets; ours also prices the call). What a variant adds above its floor
// is instrumentation code; the floor itself is the app's SDK.
// What each exports for one non-streaming chat call of the bench was read from their spans and metric points.
// Counters summed in process (ours: llmcost.calls / llmcost.tokens) cost nothing per call at the SDK.
const REQUEST = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'server.address': '127.0.0.1',
  'server.port': 8080,
  'gen_ai.request.max_tokens': 64,
};
const RESPONSE = {
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.response.id': 'chatcmpl-bench',
  'gen_ai.response.finish_reasons': ['stop'],
  'gen_ai.usage.input_tokens': 24,
  'gen_ai.usage.output_tokens': 12,
};
const METRIC_BASE = {
  'gen_ai.provider.name': 'openai',
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
};
const OURS_BASE = { ...METRIC_BASE, 'llmcost.pricing.status': 'priced' };
const OURS = {
  start: { ...REQUEST, 'gen_ai.request.stream': false },
  end: {
    ...RESPONSE,
    'llmcost.pricing.status': 'priced',
    'llmcost.pricing.version': '2026-11-01',
    'gen_ai.usage.cost': 0.0000108,
    'llmcost.cost.input_usd': 0.0000036,
    'llmcost.cost.output_usd': 0.0000072,
    'llmcost.cost.cache_read_usd': 0,
    'llmcost.cost.cache_write_usd': 0,
    'llmcost.pricing.model': 'gpt-4o-mini',
  },
  records: [
    ['gen_ai.client.operation.duration', 0.0004, OURS_BASE],
    ['gen_ai.client.token.usage', 24, { ...OURS_BASE, 'gen_ai.token.type': 'input' }],
    ['gen_ai.client.token.usage', 12, { ...OURS_BASE, 'gen_ai.token.type': 'output' }],
    ['gen_ai.usage.cost', 0.0000108, OURS_BASE],
  ],
};
const CONTRIB_BASE = { ...METRIC_BASE, 'server.address': '127.0.0.1', 'server.port': 8080 };
const CONTRIB = {
  start: REQUEST,
  end: RESPONSE,
  records: [
    ['gen_ai.client.operation.duration', 0.0004, CONTRIB_BASE],
    ['gen_ai.client.token.usage', 24, { ...CONTRIB_BASE, 'gen_ai.token.type': 'input' }],
    ['gen_ai.client.token.usage', 12, { ...CONTRIB_BASE, 'gen_ai.token.type': 'output' }],
  ],
};

/** The inline per-call work of `floor-ours` or `floor-contrib` on the given providers. */
export async function floorOp(variant, tracerProvider, meterProvider, stream = false) {
  const tracer = tracerProvider.getTracer(variant);
  const meter = meterProvider.getMeter(variant);
  if (variant === 'floor-contrib') return signalFloor(tracer, meter, CONTRIB);
  // A stream adds the time to first chunk: one span attribute and one histogram record.
  const signals = stream
    ? {
        ...OURS,
        end: { ...OURS.end, 'gen_ai.response.time_to_first_chunk': 0.0002 },
        records: [...OURS.records, ['gen_ai.client.operation.time_to_first_chunk', 0.0002, OURS_BASE]],
      }
    : OURS;
  const { computeCost } = await import('@llmcost/pricing');
  return signalFloor(tracer, meter, signals, () =>
    computeCost({ inputTokens: 24, outputTokens: 12 }, 'gpt-4o-mini-2024-07-18', { provider: 'openai' }),
  );
}

/** One call's worth of SDK work for a set of signals: fresh span attribute objects, as each call makes them. */
function signalFloor(tracer, meter, signals, price = () => {}) {
  const histograms = new Map();
  const records = signals.records.map(([name, value, attributes]) => {
    if (!histograms.has(name)) histograms.set(name, meter.createHistogram(name));
    return [histograms.get(name), value, attributes];
  });
  const endEntries = Object.entries(signals.end);
  return () => {
    price();
    const span = tracer.startSpan('chat gpt-4o-mini', { kind: 2, attributes: { ...signals.start } });
    for (const [key, value] of endEntries) span.setAttribute(key, value);
    span.end();
    for (const [histogram, value, attributes] of records) histogram.record(value, attributes);
  };
}
