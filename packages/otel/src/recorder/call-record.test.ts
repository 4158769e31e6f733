import { describe, expect, it } from 'vitest';
import { type CallRecord, emitCallRecord, hasCallListeners, onCallRecorded } from './call-record.js';

const KEY = Symbol.for('@llmcost/otel.call-listeners');
const record: CallRecord = {
  provider: 'openai',
  operation: 'chat',
  requestModel: 'gpt-4o-mini',
  inputTokens: 1,
  outputTokens: 2,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
  pricingStatus: 'priced',
};

describe('call listeners', () => {
  it('live in one process-wide set, shared by the ESM and CommonJS copies of the package', () => {
    const shared = (globalThis as Record<symbol, unknown>)[KEY] as Set<(r: CallRecord) => void>;
    expect(shared).toBeInstanceOf(Set);
    const seen: CallRecord[] = [];
    const off = onCallRecorded((r) => seen.push(r));
    expect(shared.size).toBe(1);
    // What the other copy does: it finds the same set under the same global symbol.
    const fromOtherCopy: CallRecord[] = [];
    const other = (r: CallRecord) => fromOtherCopy.push(r);
    shared.add(other);
    emitCallRecord(record);
    off();
    shared.delete(other);
    expect(seen).toEqual([record]);
    expect(fromOtherCopy).toEqual([record]);
    expect(hasCallListeners()).toBe(false);
  });
});
