import type { BudgetConfig } from './config/types.js';
import type { CallShape, Held } from './held.js';
import { nanosToUsd } from './money.js';
import type { BudgetPricing } from './pricing.js';
import type { MeterDecision, StreamMeterLike } from './types.js';

// The first this many characters are tokenized once, to learn the stream's characters per token (about 4 for
// English, 1 to 2 for Chinese or Japanese); until then every character counts as a token.
const CALIBRATION_CHARS = 256;
// The estimate from characters assumes this many fewer characters per token than measured so far.
const ESTIMATE_MARGIN = 1.25;

/**
 * Meters one stream (see `StreamMeterLike`). The common case is a few arithmetic operations per chunk: while
 * the stream's cost, with its output tokens estimated from its characters (calibrated on its first
 * characters, with a margin), stays within what it reserved, nothing more is tokenized and nothing is
 * written. Past that, the text is tokenized in pieces of about `everyTokens` tokens, and the store is asked
 * to grow the reservation at most every `everyTokens` counted tokens or `everyMs` ms, one write at a time.
 * A write takes well under a millisecond on Redis; chunks arriving meanwhile are counted at the next check.
 * The provider's final usage corrects everything at settlement.
 */
export class StreamMeter implements StreamMeterLike {
  cut: Error | undefined;
  private readonly listeners: ((error: Error) => void)[] = [];
  private pending: string[] = [];
  private pendingChars = 0;
  /** Characters announced by `addChars` whose text was not handed yet. */
  private unhandedChars = 0;
  private countedTokens = 0;
  private countedChars = 0;
  private charsPerToken = 1;
  private reported = 0;
  private inputTokens: number;
  private inputExact: boolean;
  private countedAtMs: number;
  private wroteTokens = 0;
  private wroteAtMs: number;
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
    this.countedAtMs = clock();
    this.wroteAtMs = this.countedAtMs;
  }

  addText(text: string): void {
    if (typeof text !== 'string' || text.length === 0) return;
    this.unhandedChars = Math.max(0, this.unhandedChars - text.length);
    this.pending.push(text);
    this.pendingChars += text.length;
    this.guarded(true);
  }

  addChars(chars: number): boolean {
    if (!(chars > 0)) return false;
    this.unhandedChars += chars;
    return this.guarded(false);
  }

  setOutputTokens(tokens: number): void {
    if (!Number.isFinite(tokens) || tokens <= this.reported) return;
    this.reported = tokens;
    this.guarded(true);
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

  /** The stream's cost so far by exact counts (with the estimate of the text not counted yet when asked). */
  partialUsd(withEstimate = false): number {
    const estimate = withEstimate
      ? Math.ceil(((this.pendingChars + this.unhandedChars) / this.charsPerToken) * ESTIMATE_MARGIN)
      : 0;
    const usd = this.pricing.costUsd({
      provider: this.call.provider,
      model: this.call.model,
      inputTokens: this.inputTokens,
      outputTokens: Math.max(this.reported, this.countedTokens + estimate),
    });
    // An unpriced model reserved a flat amount: nothing to meter it against.
    return usd ?? 0;
  }

  /** Metering must never break the stream it meters. */
  private guarded(textHanded: boolean): boolean {
    try {
      return this.poll(textHanded);
    } catch {
      return false;
    }
  }

  /** True when the text of characters announced by `addChars` is needed now. */
  private poll(textHanded: boolean): boolean {
    if (this.inFlight !== undefined || this.cut !== undefined || this.held.settled) return false;
    const heldUsd = nanosToUsd(this.held.amountNanos);
    const nowMs = this.clock();
    const keepAlive = nowMs - this.held.touchedAtMs >= (this.config.reservationTtlSeconds * 1000) / 2;
    const unread = this.pendingChars + this.unhandedChars;
    const calibrating = this.countedChars === 0 && unread >= CALIBRATION_CHARS;
    const near = this.partialUsd(true) > heldUsd;
    if (!keepAlive && !calibrating && !near) return false;

    const { everyTokens, everyMs } = this.config.metering;
    // Counted when a write could be due: every token since the last write, those not counted yet estimated.
    const sinceWrite = Math.max(this.reported, this.countedTokens) - this.wroteTokens;
    const countNow =
      calibrating ||
      keepAlive ||
      sinceWrite + unread / this.charsPerToken >= everyTokens ||
      nowMs - this.countedAtMs >= everyMs;
    if (!countNow) return false;
    if (this.unhandedChars > 0 && !textHanded) return true;
    this.count(nowMs);

    const tokens = Math.max(this.reported, this.countedTokens);
    const due = tokens - this.wroteTokens >= everyTokens || nowMs - this.wroteAtMs >= everyMs;
    if (!keepAlive && !(near && due)) return false;
    if (!this.inputExact) {
      // First time past the reservation: the byte bound of the prompt would overstate the stream's cost.
      this.inputTokens = this.pricing.countTokens(this.call.text(), this.call.model);
      this.inputExact = true;
    }
    const partial = this.partialUsd();
    if (partial <= heldUsd && !keepAlive) return false;
    this.wroteTokens = tokens;
    this.wroteAtMs = nowMs;
    this.inFlight = this.meter(Math.max(partial, heldUsd)).then((decision) => {
      this.inFlight = undefined;
      if (decision.decision === 'cut') this.stop(decision.error);
    });
    return false;
  }

  private count(nowMs: number): void {
    this.countedAtMs = nowMs;
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.countedTokens += this.pricing.countTokens(text, this.call.model);
    this.countedChars += text.length;
    this.charsPerToken = Math.max(0.5, this.countedChars / Math.max(1, this.countedTokens));
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
