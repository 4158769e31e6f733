import { describe, expect, it } from 'vitest';
import { pendingSpansEnded, trackPendingSpan } from './pending-spans.js';

describe('pending LLM spans (budget settlement in flight) and shutdown', () => {
  it('resolves at once with nothing pending', async () => {
    await expect(pendingSpansEnded(10_000)).resolves.toBeUndefined();
  });

  it('waits until every tracked span has ended, a failed one included', async () => {
    let endA!: () => void;
    let failB!: (err: Error) => void;
    trackPendingSpan(new Promise<void>((r) => (endA = r)));
    trackPendingSpan(new Promise<void>((_, reject) => (failB = reject)));
    let done = false;
    const waiting = pendingSpansEnded(60_000).then(() => {
      done = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    endA();
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    failB(new Error('store down'));
    await waiting;
    expect(done).toBe(true);
    await expect(pendingSpansEnded(60_000)).resolves.toBeUndefined();
  });

  it('gives up after maxWaitMs when a store never replies', async () => {
    trackPendingSpan(new Promise<void>(() => {}));
    const started = Date.now();
    await pendingSpansEnded(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
