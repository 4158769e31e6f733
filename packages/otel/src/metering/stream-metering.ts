import type { StreamMeterLike } from '@llmcost/budget';
import { diag } from '@opentelemetry/api';
import type { LlmCall } from '../core/call.js';
import { addCallObserver } from '../core/call-observers.js';

/**
 * Stream metering for every instrumented stream, whatever its provider or transport: the budget guard's meter
 * (`BudgetGuardLike.streamMeter`) is fed from the call's state after each chunk (the adapters already gather
 * the streamed text there: content, tool-call arguments, thinking), and a cut at a cap stops the stream through
 * the transport's own abort (`LlmCall.abortStream`), so the provider stops generating and billing and the
 * app's iteration ends with the guard's BudgetExceededError.
 */
interface Metered {
  meter: StreamMeterLike | undefined;
  /** Per choice: characters of `state.text[i]` announced to the meter, and handed to it as text. */
  seen: number[];
  handed: number[];
  inputKnown: boolean;
}

const metered = new WeakMap<LlmCall, Metered>();
let installed = false;

/** Registers the call observer once per process (each LlmcostInstrumentation calls it). */
export function installStreamMetering(): void {
  if (installed) return;
  installed = true;
  addCallObserver((call) => {
    if (call.stream && typeof call.host.getConfig().budgetGuard?.streamMeter === 'function')
      call.chunkObserver = meterChunk;
  });
}

function meterChunk(call: LlmCall): void {
  let m = metered.get(call);
  if (m === undefined) {
    m = { meter: startMeter(call), seen: [], handed: [], inputKnown: false };
    metered.set(call, m);
  }
  const meter = m.meter;
  if (meter === undefined) return;
  const { state } = call;
  if (!m.inputKnown && state.inputUsage !== undefined) {
    meter.setInputTokens(state.inputUsage.inputTokens);
    m.inputKnown = true;
  }
  // Lengths only: cutting each delta out of the growing text would copy the whole text on every chunk.
  const texts = state.text;
  let wanted = false;
  for (let i = 0; i < texts.length; i++) {
    const length = texts[i]?.length ?? 0;
    const seen = m.seen[i] ?? 0;
    if (length <= seen) continue;
    m.seen[i] = length;
    if (meter.addChars(length - seen)) wanted = true;
  }
  if (wanted) {
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      const handed = m.handed[i] ?? 0;
      if (text === undefined || text.length <= handed) continue;
      m.handed[i] = text.length;
      meter.addText(text.slice(handed));
    }
  }
  if (state.usage !== undefined) meter.setOutputTokens(state.usage.outputTokens);
}

function startMeter(call: LlmCall): StreamMeterLike | undefined {
  const reservation = call.budget?.reservation;
  const guard = call.host.getConfig().budgetGuard;
  if (reservation === undefined || guard?.streamMeter === undefined) return undefined;
  try {
    const meter = guard.streamMeter(reservation);
    meter?.onCut((error) => call.abortStream(error));
    return meter;
  } catch (err) {
    diag.error('@llmcost/otel: starting the stream meter failed; the stream is not metered', err);
    return undefined;
  }
}
