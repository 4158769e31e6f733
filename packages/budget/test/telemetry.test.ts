import { type Attributes, context, metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './helpers/fixed-pricing.js';
import { type StoreFixture, storeFixtures, T0 } from './helpers/stores.js';

class TestReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const reader = new TestReader();
const spans = new InMemorySpanExporter();
const logRecords = new InMemoryLogRecordExporter();
const meterProvider = new MeterProvider({ readers: [reader] });
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const loggerProvider = new LoggerProvider({
  processors: [new SimpleLogRecordProcessor({ exporter: logRecords })],
});

async function points(name: string) {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .filter((s) => s.scope.name === '@llmcost/budget')
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []) as { attributes: Attributes; value: number }[];
}

function pointValue(
  list: { attributes: Attributes; value: number }[],
  attrs: Attributes,
): number | undefined {
  return list.find((p) => Object.entries(attrs).every(([k, v]) => p.attributes[k] === v))?.value;
}

/** Runs `fn` with an active span, as the instrumentation does around reserve/settle. */
function inSpan<T>(fn: () => Promise<T>): Promise<T> {
  return trace.getTracer('test').startActiveSpan('chat gpt-4o', async (span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
}

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  metrics.setGlobalMeterProvider(meterProvider);
  trace.setGlobalTracerProvider(tracerProvider);
  logs.setGlobalLoggerProvider(loggerProvider);
});
afterAll(async () => {
  await meterProvider.shutdown();
  metrics.disable();
  trace.disable();
  logs.disable();
  context.disable();
});

describe.each(storeFixtures())('budget telemetry on the $name store', (store) => {
  it('reports a user spend spike once per hour: span event, log record, counter for that user only', async () => {
    spans.reset();
    logRecords.reset();
    // Spike threshold: 2% of the global day ($1) = $0.02 within one hour.
    const { guard, clock } = store.guard({
      global: { monthUsd: 30, dayUsd: 1 },
      userSpike: { shareOfGlobalDay: 0.02 },
    });
    const user = `spiky-${store.name}`;
    const call = async (who: string) =>
      inSpan(async () => {
        const d = await guard.reserve(request({ userId: who }));
        if (d.decision !== 'rejected') await guard.settle(d.reservation, 0.0125);
      });
    await call(user); // $0.0125: below
    await loggerProvider.forceFlush();
    expect(logRecords.getFinishedLogRecords()).toHaveLength(0);
    await call(user); // $0.025: above, first alert
    await call(user); // still this hour: no second alert
    await call(`calm-${store.name}`);
    clock.now += 3_600_000;
    await call(user);
    await call(user); // next hour: one more
    await loggerProvider.forceFlush();
    const alerts = logRecords
      .getFinishedLogRecords()
      .filter((r) => r.eventName === 'llmcost.user.spend_alert');
    expect(alerts).toHaveLength(2);
    expect(alerts[0]!.attributes['user.id']).toBe(user);
    expect(alerts[0]!.body).toBe(
      `user ${user} spent $0.0250 in hour 2026112221, above the spike threshold of $0.0200`,
    );
    const events = spans
      .getFinishedSpans()
      .flatMap((s) => s.events.filter((e) => e.name === 'llmcost.user.spend_alert'));
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.attributes?.['llmcost.budget.window_id'])).toEqual([
      '2026112221',
      '2026112222',
    ]);
    const counter = await points('llmcost.user.spend_alerts');
    expect(pointValue(counter, { 'user.id': user })).toBe(2);
    expect(pointValue(counter, { 'user.id': `calm-${store.name}` })).toBeUndefined();
    expect(Object.keys(counter.find((p) => p.attributes['user.id'] === user)!.attributes)).toEqual([
      'user.id',
    ]);
  });

  /** One $0.12 call per minute (7.2 USD/hour) for `minutes` minutes from `clock.now`; the minute of the first spike report. */
  async function spendPerMinute(
    guard: ReturnType<StoreFixture['guard']>['guard'],
    clock: { now: number },
    user: string,
    minutes: number,
  ): Promise<number | undefined> {
    const before = (await points('llmcost.user.spend_alerts')).length;
    const startedAt = clock.now;
    for (let m = 0; m < minutes; m++) {
      const d = await guard.reserve(request({ userId: user }));
      if (d.decision !== 'rejected') await guard.settle(d.reservation, 0.12);
      const counter = await points('llmcost.user.spend_alerts');
      if (pointValue(counter, { 'user.id': user }) !== undefined && counter.length > before)
        return (clock.now - startedAt) / 60_000;
      clock.now += 60_000;
    }
    return undefined;
  }

  it('reports a user spending 7.2 USD/hour within 10 minutes with no global budget (default rate 5 USD/hour)', async () => {
    const { guard, clock } = store.guard({ users: { default: { hourUsd: 100 } } });
    // 5 USD/hour is 0.83 within 10 minutes: 7 calls after the first one (the window's baseline)
    expect(await spendPerMinute(guard, clock, `steady-${store.name}`, 20)).toBe(7);
  });

  it('reports a user within minutes when the spend starts just before the hour turns', async () => {
    // 1% of 300 USD/day = 3 USD/hour; 7.2 USD/hour from 21:55. The hourly check alone waited for 3 USD in the
    // hour from 22:00 (22:24); the window passes 0.50 at 22:00.
    const { guard, clock } = store.guard({ global: { dayUsd: 300 } });
    clock.now += 25 * 60_000;
    expect(await spendPerMinute(guard, clock, `late-${store.name}`, 40)).toBe(5);
  });

  // Two guards sharing one store is only meaningful on Redis (a memory store is per process).
  if (store.name === 'redis')
    it('two processes sharing Redis, each serving every other call of the user, report within 10 minutes', async () => {
      const a = store.guard({ users: { default: { hourUsd: 100 } } });
      const b = store.guard({ users: { default: { hourUsd: 100 } } });
      const user = `split-${store.name}`;
      let reportedAt: number | undefined;
      for (let m = 0; m < 20 && reportedAt === undefined; m++) {
        const guard = m % 2 === 0 ? a.guard : b.guard;
        a.clock.now = b.clock.now = T0 + m * 60_000;
        const d = await guard.reserve(request({ userId: user }));
        if (d.decision !== 'rejected') await guard.settle(d.reservation, 0.12);
        if (pointValue(await points('llmcost.user.spend_alerts'), { 'user.id': user }) !== undefined)
          reportedAt = m;
      }
      // each process reads the shared hour counter: at minute 8, a's window (from its call at minute 0) has
      // seen 8 calls of both processes, 0.96 USD, over the 0.83 of 5 USD/hour
      expect(reportedAt).toBe(8);
    });

  it('a user spending under the rate, or a single burst under its 10-minute share, is not reported', async () => {
    const { guard, clock } = store.guard({ userSpike: { usdPerHour: 8 } });
    // 7.2 USD/hour for 40 minutes, under 8
    expect(await spendPerMinute(guard, clock, `calm-${store.name}`, 40)).toBeUndefined();
  });

  it('shows a user by userLabel (the pseudonym) in the spike event, log record and counter, never the raw id', async () => {
    spans.reset();
    logRecords.reset();
    const { guard } = store.guard({
      global: { monthUsd: 30, dayUsd: 1 },
      userSpike: { shareOfGlobalDay: 0.02 },
    });
    const raw = `carol-${store.name}@example.com`;
    const label = `5e8ff9bf55ba3508-${store.name}`;
    for (let i = 0; i < 2; i++) {
      await inSpan(async () => {
        const d = await guard.reserve(request({ userId: raw, userLabel: label }));
        if (d.decision !== 'rejected') await guard.settle(d.reservation, 0.0125);
      });
    }
    // Same id, other label: the store is keyed by the id, so this user's hour already alerted.
    await inSpan(async () => {
      const d = await guard.reserve(request({ userId: raw, userLabel: `other-${label}` }));
      if (d.decision !== 'rejected') await guard.settle(d.reservation, 0.0125);
    });
    await loggerProvider.forceFlush();
    const records = logRecords
      .getFinishedLogRecords()
      .filter((r) => r.eventName === 'llmcost.user.spend_alert');
    expect(records).toHaveLength(1);
    expect(records[0]!.attributes['user.id']).toBe(label);
    expect(records[0]!.body).toBe(
      `user ${label} spent $0.0250 in hour 2026112221, above the spike threshold of $0.0200`,
    );
    const events = spans
      .getFinishedSpans()
      .flatMap((s) => s.events.filter((e) => e.name === 'llmcost.user.spend_alert'));
    expect(events.map((e) => e.attributes?.['user.id'])).toEqual([label]);
    const counter = await points('llmcost.user.spend_alerts');
    expect(pointValue(counter, { 'user.id': label })).toBe(1);
    const everything = JSON.stringify([
      records.map((r) => [r.body, r.attributes]),
      events,
      counter.map((p) => p.attributes),
    ]);
    expect(everything).not.toContain(raw);
  });

  it('observes spent and limit gauges per scope and window, never per user', async () => {
    const { guard } = store.guard({
      global: { monthUsd: 100, dayUsd: 10 },
      features: { [`summarize-${store.name}`]: { dayUsd: 1 } },
      users: { default: { hourUsd: 1 }, tiers: { [`free-${store.name}`]: { hourUsd: 0.5 } } },
    });
    const feature = `summarize-${store.name}`;
    const tier = `free-${store.name}`;
    for (let i = 0; i < 3; i++) {
      const d = await guard.reserve(request({ userId: 'u', feature, tier }));
      if (d.decision !== 'rejected') await guard.settle(d.reservation, 0.01);
    }
    const spent = await points('llmcost.budget.spent');
    const limit = await points('llmcost.budget.limit');
    expect(
      pointValue(spent, {
        'llmcost.budget.scope': 'feature',
        'llmcost.feature': feature,
        'llmcost.budget.window': 'day',
      }),
    ).toBeCloseTo(0.03, 12);
    expect(
      pointValue(limit, {
        'llmcost.budget.scope': 'feature',
        'llmcost.feature': feature,
        'llmcost.budget.window': 'day',
      }),
    ).toBe(1);
    expect(
      pointValue(spent, {
        'llmcost.budget.scope': 'tier',
        'llmcost.tier': tier,
        'llmcost.budget.window': 'month',
      }),
    ).toBeCloseTo(0.03, 12);
    expect(
      pointValue(spent, { 'llmcost.budget.scope': 'global', 'llmcost.budget.window': 'month' }),
    ).toBeCloseTo(0.03, 12);
    expect(pointValue(limit, { 'llmcost.budget.scope': 'global', 'llmcost.budget.window': 'day' })).toBe(10);
    expect(spent.some((p) => 'user.id' in p.attributes)).toBe(false);
  });

  it('counts rejections by scope and reason, and downgrades by feature', async () => {
    const rejections = async () =>
      pointValue(await points('llmcost.budget.rejections'), {
        'llmcost.budget.scope': 'user',
        'llmcost.budget.reason': 'hour_limit',
      }) ?? 0;
    const feature = `deep-${store.name}`;
    const downgrades = async () =>
      pointValue(await points('llmcost.budget.downgrades'), { 'llmcost.feature': feature }) ?? 0;
    const [rejectedBefore, downgradedBefore] = [await rejections(), await downgrades()];
    const { guard } = store.guard({
      users: { default: { hourUsd: 0.0125 } },
      global: { monthUsd: 1 },
      downgrade: [
        { whenGlobalUtilisationAbove: 0.5, features: [feature], from: 'gpt-4o', to: 'gpt-4o-mini' },
      ],
    });
    const first = await guard.reserve(request({ userId: 'r' }));
    if (first.decision !== 'rejected') await guard.settle(first.reservation, 0.5);
    expect((await guard.reserve(request({ userId: 'r' }))).decision).toBe('rejected');
    expect((await guard.reserve(request({ userId: 'r' }))).decision).toBe('rejected');
    expect((await guard.reserve(request({ feature }))).decision).toBe('downgraded');
    expect((await guard.reserve(request({ feature: 'chat' }))).decision).toBe('allowed');
    expect((await rejections()) - rejectedBefore).toBe(2);
    expect((await downgrades()) - downgradedBefore).toBe(1);
    const point = (await points('llmcost.budget.downgrades')).find(
      (p) => p.attributes['llmcost.feature'] === feature,
    )!;
    expect(point.attributes).toEqual({
      'llmcost.budget.scope': 'global',
      'llmcost.budget.reason': 'global_utilisation',
      'llmcost.feature': feature,
      'gen_ai.request.model': 'gpt-4o',
    });
  });

  it('logs each global alert threshold once per window', async () => {
    logRecords.reset();
    const { guard } = store.guard({ global: { monthUsd: 1, alertAt: [0.5, 0.9] } });
    for (const actual of [0.3, 0.3, 0.1, 0.25, 0.01]) {
      const d = await guard.reserve(request());
      if (d.decision !== 'rejected') await guard.settle(d.reservation, actual);
    }
    await loggerProvider.forceFlush();
    const thresholds = logRecords
      .getFinishedLogRecords()
      .filter((r) => r.eventName === 'llmcost.budget.threshold');
    expect(thresholds.map((r) => r.attributes['llmcost.budget.threshold'])).toEqual([0.5, 0.9]);
    expect(thresholds[1]!.body).toBe('global month budget at 95% ($0.95 of $1.00), past the 90% alert');
  });

  it('with expected-cost reservations: gauges include a stream’s metered spend while it runs, the spike report fires at settlement', async () => {
    logRecords.reset();
    const feature = `metered-${store.name}`;
    const { guard } = store.guard({
      global: { monthUsd: 30, dayUsd: 1 },
      features: { [feature]: { dayUsd: 1 } },
      userSpike: { shareOfGlobalDay: 0.02 },
      expectedOutput: { defaultTokens: { 'gpt-4o': 500 } },
    });
    const user = `streamer-${store.name}`;
    const req = request({ userId: user, feature, maxOutputTokens: undefined });
    const featureDay = {
      'llmcost.budget.scope': 'feature',
      'llmcost.feature': feature,
      'llmcost.budget.window': 'day',
    };
    await inSpan(async () => {
      const d = await guard.reserve(req);
      if (d.decision === 'rejected') throw d.error;
      expect(d.reservation.reservedUsd).toBeCloseTo(0.0075, 12); // $0.0025 input + 500 tokens
      expect(pointValue(await points('llmcost.budget.spent'), featureDay)).toBeCloseTo(0.0075, 12);
      await guard.meter(d.reservation, 0.018);
      expect(pointValue(await points('llmcost.budget.spent'), featureDay)).toBeCloseTo(0.018, 12);
      await guard.settle(d.reservation, 0.025, { outputTokens: 2250 });
    });
    expect(pointValue(await points('llmcost.budget.spent'), featureDay)).toBeCloseTo(0.025, 12);
    await loggerProvider.forceFlush();
    const alerts = logRecords
      .getFinishedLogRecords()
      .filter((r) => r.eventName === 'llmcost.user.spend_alert' && r.attributes['user.id'] === user);
    expect(alerts.map((r) => r.body)).toEqual([
      `user ${user} spent $0.0250 in hour 2026112221, above the spike threshold of $0.0200`,
    ]);
  });

  it('counts spend a call left above a cap in llmcost.budget.overshoot and on its span', async () => {
    spans.reset();
    const user = `over-${store.name}`;
    const overshoot = async () =>
      pointValue(await points('llmcost.budget.overshoot'), {
        'llmcost.budget.scope': 'user',
        'llmcost.budget.window': 'hour',
      }) ?? 0;
    const before = await overshoot();
    const { guard } = store.guard({
      users: { default: { hourUsd: 0.03 } },
      metering: { onCapMidStream: 'finish' },
      expectedOutput: { defaultTokens: { 'gpt-4o': 500 } },
    });
    const req = request({ userId: user, maxOutputTokens: undefined });
    const first = await guard.reserve(req);
    const second = await guard.reserve(req);
    if (first.decision === 'rejected' || second.decision === 'rejected') throw new Error('rejected');
    await guard.settle(first.reservation, 0.015); // $0.0225 held: $0.015 + $0.0075 reserved
    // The second call cost $0.02: $0.035 in all, $0.005 above the cap.
    await inSpan(() => guard.settle(second.reservation, 0.02));
    expect((await overshoot()) - before).toBeCloseTo(0.005, 12);
    const attr = spans.getFinishedSpans().map((s) => s.attributes['llmcost.budget.overshoot_usd']);
    expect(attr).toEqual([0.005]);
    // A call within the cap adds no overshoot and no attribute.
    spans.reset();
    const { guard: roomy } = store.guard({ users: { default: { hourUsd: 1 } } });
    const fine = await roomy.reserve(request({ userId: `${user}-roomy` }));
    if (fine.decision === 'rejected') throw fine.error;
    await inSpan(() => roomy.settle(fine.reservation, 0.02));
    expect(spans.getFinishedSpans()[0]!.attributes['llmcost.budget.overshoot_usd']).toBeUndefined();
    expect((await overshoot()) - before).toBeCloseTo(0.005, 12);
  });
});
