/**
 * LLM spans still open because their budget settlement is in flight (record-call.ts ends the span once the
 * budget store replies, so the guard's events land on it). A SIGTERM right after a call would otherwise shut
 * the SDK down before that span ends, and the span would be dropped: shutdown waits for these first.
 */
const pending = new Set<Promise<void>>();

export function trackPendingSpan(ended: Promise<void>): void {
  const done = ended.then(
    () => {
      pending.delete(done);
    },
    () => {
      pending.delete(done);
    },
  );
  pending.add(done);
}

/** Resolves when every span tracked so far has ended, or after `maxWaitMs` (a store that never replies). */
export function pendingSpansEnded(maxWaitMs: number): Promise<void> {
  if (pending.size === 0) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, maxWaitMs);
    timer.unref();
  });
  return Promise.race([Promise.all(pending).then(() => undefined), timeout]).finally(() =>
    clearTimeout(timer),
  );
}
