import type { CallRecord } from './call-record.js';
import { detach } from './heavy-hitters.js';
import { SpanIdentitySet } from './span-identity.js';

export interface DedupeLimits {
  /** LLM spans within which an exact repeat (same trace id and span id) is always found. */
  repeatWindow: number;
  /** Recent spans remembered to recognise a second span of one call (nesting, `gen_ai.response.id`). */
  dedupeWindow: number;
  /** Spans of other instrumentations held back until llmcost's span of the same call could arrive. */
  foreignHold: number;
}

/** Keys remembered for the last `size` additions (a ring; the oldest is forgotten). */
class RecentSet<K> {
  readonly #set = new Set<K>();
  readonly #order: K[] = [];
  readonly #size: number;
  #next = 0;

  constructor(size: number) {
    this.#size = size;
  }

  has(key: K): boolean {
    return this.#set.has(key);
  }

  add(key: K): void {
    if (this.#set.has(key)) return;
    if (this.#order.length < this.#size) {
      this.#order.push(key);
    } else {
      this.#set.delete(this.#order[this.#next]!);
      this.#order[this.#next] = key;
      this.#next = (this.#next + 1) % this.#size;
    }
    this.#set.add(key);
  }
}

/**
 * Decides which LLM spans are calls. Three ways one call shows up as several spans:
 * - the very same span written more than once (collector retries, overlapping exports, a file passed twice
 *   under two names): the same trace id and span id. Found by `isNew` and never counted again.
 * - a GenAI span nested directly in another GenAI span of the same trace: the Anthropic SDK's own
 *   `anthropic.messages.create` inside llmcost's `chat` span (also for failed calls and `.asResponse()`, which
 *   carry no response id), or a framework's span around the provider call. One call, counted once: llmcost's
 *   span when there is one (it carries the attribution), else the innermost (an agent span around several
 *   calls is not a call of its own).
 * - two spans of one call with the same trace and `gen_ai.response.id`, nested or not.
 * llmcost's spans are decided on arrival; other instrumentations' spans are held back for `foreignHold` spans
 * (which covers a parent and child exported in the same or adjacent batches, whichever ends first) and
 * decided in arrival order: a child ends, and is exported, before its parent.
 */
export class CallDedupe {
  readonly #limits: DedupeLimits;
  readonly #decide: (call: CallRecord, sameCall: boolean) => void;
  readonly #identities: SpanIdentitySet;
  readonly #responses: RecentSet<string>;
  /** The spans decided (counted or not), by fingerprint. */
  readonly #spans: SpanIdentitySet;
  /** The parents of the spans decided, by fingerprint. */
  readonly #parents: SpanIdentitySet;
  #held: CallRecord[] = [];
  #heldHead = 0;

  constructor(limits: DedupeLimits, decide: (call: CallRecord, sameCall: boolean) => void) {
    this.#limits = limits;
    this.#decide = decide;
    this.#identities = new SpanIdentitySet(limits.repeatWindow);
    this.#responses = new RecentSet(limits.dedupeWindow);
    this.#spans = new SpanIdentitySet(limits.dedupeWindow);
    this.#parents = new SpanIdentitySet(limits.dedupeWindow);
  }

  /** False when the span was read before (same trace id and span id): a repeat, to be ignored. */
  isNew(call: CallRecord): boolean {
    return !call.hasId || this.#identities.add(call.idHi, call.idLo);
  }

  /** Whether repeats further apart than `repeatWindow` spans may have gone unnoticed. */
  get repeatWindowExceeded(): boolean {
    return this.#identities.forgot;
  }

  /** A new span: decided now, or held (a copy) and decided within `foreignHold` spans or at `finish`. */
  add(call: CallRecord): void {
    if (call.own) {
      this.#settle(call);
    } else {
      this.#held.push(detachCall(call));
      if (this.#held.length - this.#heldHead > this.#limits.foreignHold) this.#release();
    }
  }

  /** Decides the held spans; call once the input is read. */
  finish(): void {
    while (this.#heldHead < this.#held.length) this.#release();
    this.#held = [];
    this.#heldHead = 0;
  }

  #release(): void {
    const call = this.#held[this.#heldHead]!;
    this.#held[this.#heldHead++] = undefined as unknown as CallRecord;
    if (this.#heldHead > 1024 && this.#heldHead * 2 > this.#held.length) {
      this.#held = this.#held.slice(this.#heldHead);
      this.#heldHead = 0;
    }
    this.#settle(call);
  }

  #settle(call: CallRecord): void {
    const key = call.dedupeKey;
    const sameCall =
      (key !== undefined && this.#responses.has(key)) ||
      // nested in a GenAI span already decided
      (call.hasParent && this.#spans.has(call.parentHi, call.parentLo)) ||
      // around a GenAI span already decided
      (call.hasId && this.#parents.has(call.idHi, call.idLo));
    // Remembered whatever the outcome, so a chain (agent > chat > SDK span) is one call.
    if (key !== undefined) this.#responses.add(detach(key));
    if (call.hasId) this.#spans.add(call.idHi, call.idLo);
    if (call.hasParent) this.#parents.add(call.parentHi, call.parentLo);
    this.#decide(call, sameCall);
  }
}

/** The call with its strings copied out of the input line, to be kept for a while. */
function detachCall(call: CallRecord): CallRecord {
  const copy = (s: string | undefined) => (s === undefined ? undefined : detach(s));
  return {
    ...call,
    feature: copy(call.feature),
    user: copy(call.user),
    tier: copy(call.tier),
    model: copy(call.model),
    pricingVersion: copy(call.pricingVersion),
    dedupeKey: copy(call.dedupeKey),
    finishReasons: call.finishReasons.map(detach),
  };
}
