import { BudgetExceededError, type BudgetGuard, type Reservation } from '@llmcost/budget';
import { describe, expect, it, vi } from 'vitest';
import { request } from './helpers/fixed-pricing.js';
import { spentOf, storeFixtures } from './helpers/stores.js';

// Fixed prices: the 1000-byte prompt is $0.0025 at its byte bound; output is $0.00001 a token. With a default
// of 500 output tokens, a call without max_tokens reserves $0.0075.
const RESERVED = 0.0075;
const stream = request({ userId: 'a', maxOutputTokens: undefined });
const base = { expectedOutput: { defaultTokens: { 'gpt-4o': 500 } } };

async function reserve(guard: BudgetGuard, req: object = stream): Promise<Reservation> {
  const d = await guard.reserve(req as typeof stream);
  if (d.decision === 'rejected') throw d.error;
  return d.reservation;
}

describe.each(storeFixtures())('metering a running stream on the $name store', (store) => {
  const now = (clock: { now: number }) => clock.now;

  it('writes nothing within the reservation; past it, grows the reservation in every scope; settles to the actual cost', async () => {
    const { guard, clock } = store.guard({
      ...base,
      users: { default: { hourUsd: 1 } },
      global: { monthUsd: 10 },
    });
    const r = await reserve(guard);
    expect(r.reservedUsd).toBeCloseTo(RESERVED, 12);
    expect(await guard.meter(r, 0.005)).toEqual({ decision: 'continue' });
    expect(await spentOf(guard, stream, now(clock))).toMatchObject({
      'user:hour': RESERVED,
      'global:month': RESERVED,
    });
    expect(await guard.meter(r, 0.02)).toEqual({ decision: 'continue' });
    const during = await spentOf(guard, stream, now(clock));
    expect(during['user:hour']).toBeCloseTo(0.02, 12);
    expect(during['global:month']).toBeCloseTo(0.02, 12);
    await guard.settle(r, 0.021);
    expect((await spentOf(guard, stream, now(clock)))['user:hour']).toBeCloseTo(0.021, 12);
    const admin = store.admin();
    if (admin) expect(await admin.zcard('{llmcost}:open')).toBe(0);
  });

  it('cut: a cap reached mid-stream answers cut with a BudgetExceededError carrying the partial cost, and debits nothing more', async () => {
    const { guard, clock } = store.guard({ ...base, users: { default: { hourUsd: 0.03 } } });
    const r = await reserve(guard);
    const other = await reserve(guard, request({ userId: 'a' })); // $0.0125 worst case (max_tokens 1000)
    await guard.settle(other, 0.015);
    // $0.0225 held: this stream at $0.02 would bring the hour to $0.035, past the $0.03 cap.
    const cut = await guard.meter(r, 0.02);
    expect(cut.decision).toBe('cut');
    if (cut.decision !== 'cut') return;
    const err = cut.error as BudgetExceededError;
    expect(err).toBeInstanceOf(BudgetExceededError);
    expect(err).toMatchObject({ reason: 'hour_limit', scope: 'user', subject: 'a', partialUsd: 0.02 });
    expect(err.spentUsd).toBeCloseTo(0.035, 12);
    expect(err.message).toBe(
      'budget exceeded mid-stream: user a hourly cap $0.03 reached (spent $0.035, $0.02 of it by this stream, which was cut off); resets at 2026-11-22T22:00:00Z (in 1800 s)',
    );
    expect((await spentOf(guard, stream, now(clock)))['user:hour']).toBeCloseTo(0.0225, 12);
    // The stream stopped at $0.02: that much was billed and is settled.
    await guard.settle(r, 0.02);
    expect((await spentOf(guard, stream, now(clock)))['user:hour']).toBeCloseTo(0.035, 12);
    expect((await guard.reserve(stream)).decision).toBe('rejected');
  });

  it('finish: the stream goes on past the cap and its spend is debited as it runs', async () => {
    const { guard, clock } = store.guard({
      ...base,
      users: { default: { hourUsd: 0.03 } },
      metering: { onCapMidStream: 'finish' },
    });
    const r = await reserve(guard);
    await guard.settle(await reserve(guard, request({ userId: 'a' })), 0.015);
    expect(await guard.meter(r, 0.02)).toEqual({ decision: 'continue' });
    expect((await spentOf(guard, stream, now(clock)))['user:hour']).toBeCloseTo(0.035, 12);
    expect((await guard.reserve(stream)).decision).toBe('rejected');
    await guard.settle(r, 0.025);
    expect((await spentOf(guard, stream, now(clock)))['user:hour']).toBeCloseTo(0.04, 12);
  });

  it('settle waits for a metering write in flight, so the store ends at the actual cost', async () => {
    const { guard, clock } = store.guard({ ...base, users: { default: { hourUsd: 1 } } });
    const r = await reserve(guard);
    const metering = guard.meter(r, 0.02);
    await guard.settle(r, 0.018);
    await metering;
    expect((await spentOf(guard, stream, now(clock)))['user:hour']).toBeCloseTo(0.018, 12);
  });

  it('a reservation the store already released (expired) is recorded again with the whole amount', async () => {
    const { guard, clock } = store.guard({
      ...base,
      users: { default: { hourUsd: 1 } },
      reservationTtlSeconds: 1,
    });
    const r = await reserve(guard);
    clock.now += 2000;
    await guard.check(request({ userId: 'b' })); // a reserve-side step releases expired reservations
    await reserve(guard, request({ userId: 'b' }));
    expect((await spentOf(guard, stream, now(clock)))['user:hour']).toBe(0);
    expect(await guard.meter(r, 0.02)).toEqual({ decision: 'continue' });
    expect((await spentOf(guard, stream, now(clock)))['user:hour']).toBeCloseTo(0.02, 12);
    await guard.settle(r, 0.02);
    expect((await spentOf(guard, stream, now(clock)))['user:hour']).toBeCloseTo(0.02, 12);
  });

  it('a stream meter writes nothing, and tokenizes only its first characters once, while the stream stays within its reservation', async () => {
    const { guard, pricing } = store.guard({
      ...base,
      expectedOutput: { defaultTokens: { 'gpt-4o': 2000 } },
    });
    const r = await reserve(guard);
    const meter = guard.streamMeter(r)!;
    const spy = vi.spyOn(guard, 'meter');
    for (let i = 0; i < 500; i++) {
      meter.addText('hello ');
      await meter.idle();
    }
    expect(spy).not.toHaveBeenCalled();
    // One count of the first 256 characters, to learn this text's characters per token.
    expect(pricing.exactCounts).toBe(1);
    expect(meter.cut).toBeUndefined();
  });

  it('addChars: a caller that keeps the whole text hands it over only when the meter asks', async () => {
    const { guard, clock } = store.guard({
      ...base,
      expectedOutput: { defaultTokens: { 'gpt-4o': 100 } },
      metering: { everyTokens: 50, everyMs: 3_600_000 },
    });
    const r = await reserve(guard);
    const meter = guard.streamMeter(r)!;
    let whole = '';
    let handed = 0;
    let asked = 0;
    // Japanese: about one token per character or two, where English runs four characters per token.
    for (let i = 0; i < 600; i++) {
      whole += '予算';
      if (meter.addChars(2)) {
        asked++;
        meter.addText(whole.slice(handed));
        handed = whole.length;
      }
      await meter.idle();
    }
    expect(asked).toBeGreaterThan(3);
    expect(asked).toBeLessThan(100);
    const spent = (await spentOf(guard, stream, now(clock)))['user:hour']!;
    const tokens = Math.round((spent - (125 * 2.5) / 1e6) / 1e-5);
    const { countTokens } = await import('@llmcost/pricing');
    const actual = countTokens(whole, 'gpt-4o').tokens;
    expect(tokens).toBeLessThanOrEqual(actual);
    expect(tokens).toBeGreaterThanOrEqual(actual - 60);
  });

  it('past its reservation, a stream meter writes at most every everyTokens tokens and keeps the store within one interval', async () => {
    const { guard, clock } = store.guard({
      ...base,
      expectedOutput: { defaultTokens: { 'gpt-4o': 100 } },
      metering: { everyTokens: 50, everyMs: 3_600_000 },
    });
    const r = await reserve(guard);
    const meter = guard.streamMeter(r)!;
    const spy = vi.spyOn(guard, 'meter');
    for (let i = 0; i < 1000; i++) {
      meter.addText(' hello'); // one o200k token each
      await meter.idle();
    }
    // 900 tokens past the 100 reserved: one write per 50 tokens at most.
    expect(spy.mock.calls.length).toBeLessThanOrEqual(18);
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(9);
    // The prompt is counted exactly (1000 x: 125 tokens) once the stream is past its reservation.
    const spent = (await spentOf(guard, stream, now(clock)))['user:hour']!;
    const inputUsd = (125 * 2.5) / 1e6;
    expect(spent).toBeLessThanOrEqual(inputUsd + 1000 * 1e-5 + 1e-12);
    expect(spent).toBeGreaterThanOrEqual(inputUsd + 950 * 1e-5 - 1e-12);
  });

  it('a stream meter cut: onCut fires once with the error, later text changes nothing', async () => {
    const { guard, clock } = store.guard({
      ...base,
      users: { default: { hourUsd: 0.01 } },
      metering: { everyTokens: 20 },
    });
    const r = await reserve(guard);
    const meter = guard.streamMeter(r)!;
    const cuts: Error[] = [];
    meter.onCut((e) => cuts.push(e));
    let sent = 0;
    while (meter.cut === undefined && sent < 5000) {
      meter.addText(' hello');
      sent++;
      await meter.idle();
    }
    expect(cuts).toHaveLength(1);
    expect(cuts[0]).toBe(meter.cut);
    expect(cuts[0]).toBeInstanceOf(BudgetExceededError);
    // $0.01 cap, $0.0003125 of input: about 968 output tokens fit; the cut comes within one interval after.
    expect(sent).toBeGreaterThan(900);
    expect(sent).toBeLessThanOrEqual(968 + 20);
    const held = (await spentOf(guard, stream, now(clock)))['user:hour']!;
    expect(held).toBeLessThanOrEqual(0.01);
    const spy = vi.spyOn(guard, 'meter');
    for (let i = 0; i < 100; i++) meter.addText(' hello');
    await meter.idle();
    expect(spy).not.toHaveBeenCalled();
    const late: Error[] = [];
    meter.onCut((e) => late.push(e));
    expect(late).toEqual([meter.cut]);
  });

  it('keeps a long stream’s reservation alive past reservationTtlSeconds', async () => {
    const { guard, clock } = store.guard({
      ...base,
      users: { default: { hourUsd: 1 } },
      reservationTtlSeconds: 10,
    });
    const r = await reserve(guard);
    const meter = guard.streamMeter(r)!;
    for (let i = 0; i < 4; i++) {
      clock.now += 6000;
      meter.addText(' hello');
      await meter.idle();
    }
    // 24 s after the reserve, well past the 10 s TTL: a reserve-side step would have released it.
    await guard.check(request({ userId: 'b' }));
    await reserve(guard, request({ userId: 'b' }));
    expect((await spentOf(guard, stream, now(clock)))['user:hour']).toBeCloseTo(RESERVED, 12);
  });
});
