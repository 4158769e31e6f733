import type { BudgetConfig } from './config/types.js';
import type { CallShape, Held } from './held.js';
import { nanosToUsd } from './money.js';
import type { BudgetPricing } from './pricing.js';
import type { MeterDecision, StreamMeterLike } from './types.js';

/**
 * Meters one stream (see `StreamMeterLike`). The common case costs one byte count per chunk: while the
 * stream's cost with a generous estimate of its tokens (one per two UTF-8 bytes: English runs about one per
 * four, Chinese and Japanese one per three, code in between) stays within what it reserved, nothing is
 * tokenized and nothing is written. Past that, the text is tokenized in pieces of about `everyTokens`
 * estimated tokens, and the store is asked to grow the reservation at most every `everyTokens` counted tokens
 * or `everyMs` ms, one write at a time. A write takes well under a millisecond on Redis; chunks arriving
 * meanwhile are counted at the next check. The provider's final usage corrects everything at settlement.
 */
export class StreamMeter implements StreamMeterLike {
  cut: Error | undefined;
  private readonly listeners: ((error: Error) => void)[] = [];
  private pending: string[] = [];
  /** Estimated tokens of the pending text. */
  private pendingEstimate = 0;
  /** Exactly counted output tokens (of the text no longer pending). */
  private counted = 0;
  private reported = 0;
  private inputTokens: number;
  private inputExact: boolean;
  private checkedTokens = 0;
  private checkedAtMs: number;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly held: Held,
    private readonly call: CallShape,
    private readonly config: BudgetConfig,
    private readonly pricing: BudgetPricing,
    private readonly clock: () => number,
    private readonly meter: (partialUsd: number) => Promise<MeterDecision>,
  ) {
    this.inputTokens = call.inputTokens;
    this.inputExact = call.exact;
    this.checkedAtMs = clock();
  }

  addText(text: string): void {
    if (typeof text !== 'string' || text.length === 0) return;
    try {
      this.pending.push(text);
      this.pendingEstimate += Math.ceil(Buffer.byteLength(text, 'utf8') / 2);
      this.poll();
    } catch {
      // Metering must never break the stream it meters.
    }
  }

  setOutputTokens(tokens: number): void {
    if (!Number.isFinite(tokens) || tokens <= this.reported) return;
    this.reported = tokens;
    this.poll();
  }

  setInputTokens(tokens: number): void {
    if (!Number.isFinite(tokens) || tokens < 0) return;
    this.inputTokens = tokens;
    this.inputExact = true;
  }

  onCut(listener: (error: Error) => void): void {
    if (this.cut !== undefined) listener(this.cut);
    else this.listeners.push(listener);
  }

  async idle(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight;
  }

  /** The stream's cost so far, by the counts this meter has (with the pending text's estimate when asked). */
  partialUsd(withPending = false): number {
    const output = Math.max(this.reported, this.counted + (withPending ? this.pendingEstimate : 0));
    const usd = this.pricing.costUsd({
      provider: this.call.provider,
      model: this.call.model,
      inputTokens: this.inputTokens,
      outputTokens: output,
    });
    // An unpriced model reserved a flat amount: nothing to meter it against.
    return usd ?? 0;
  }

  private poll(): void {
    if (this.inFlight !== undefined || this.cut !== undefined || this.held.settled) return;
    const heldUsd = nanosToUsd(this.held.amountNanos);
    const nowMs = this.clock();
    const keepAlive = nowMs - this.held.touchedAtMs >= (this.config.reservationTtlSeconds * 1000) / 2;
    if (!keepAlive && this.partialUsd(true) <= heldUsd) return;

    const { everyTokens, everyMs } = this.config.metering;
    const timeDue = nowMs - this.checkedAtMs >= everyMs;
    if (this.pendingEstimate >= everyTokens || timeDue || keepAlive) this.count();
    const tokens = Math.max(this.reported, this.counted);
    if (!keepAlive && !timeDue && tokens - this.checkedTokens < everyTokens) return;
    if (!this.inputExact) {
      // First time past the reservation: the byte bound of the prompt would overstate the stream's cost.
      this.inputTokens = this.pricing.countTokens(this.call.text(), this.call.model);
      this.inputExact = true;
    }
    this.checkedTokens = tokens;
    this.checkedAtMs = nowMs;
    const partial = this.partialUsd();
    if (partial <= heldUsd && !keepAlive) return;
    this.inFlight = this.meter(Math.max(partial, heldUsd)).then((decision) => {
      this.inFlight = undefined;
      if (decision.decision === 'cut') this.stop(decision.error);
    });
  }

  private count(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.pendingEstimate = 0;
    this.counted += this.pricing.countTokens(text, this.call.model);
  }

  private stop(error: Error): void {
    this.cut = error;
    for (const listener of this.listeners.splice(0)) {
      try {
        listener(error);
      } catch {
        // a failing abort must not stop the others
      }
    }
  }
}
