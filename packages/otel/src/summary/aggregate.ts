/** What the exit summary needs of a recorded call (a subset of the recorder's CallRecord). */
export interface SummaryCall {
  provider: string;
  requestModel: string;
  responseModel?: string;
  feature?: string;
  userId?: string;
  inputTokens: number;
  outputTokens: number;
  pricingStatus: 'priced' | 'estimated' | 'unpriced';
  costUsd?: number;
  /** Exact cost: integer femto-USD (bigint) or a decimal USD string. */
  costExact?: bigint | string;
  /** Set when the call ended with an error (the error's class name, e.g. `AuthenticationError`). */
  errorType?: string;
}

export interface SummaryRow {
  key: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Exact sum, integer femto-USD (1e-15 USD): sums of many small costs stay exact. */
  costFemto: bigint;
  /** Calls with usage but no known price: not in `costFemto`. */
  unpriced: number;
  estimated: number;
  /** Calls that ended with an error. */
  failed: number;
  /** Failed calls that reported no usage (a 401, a refused request): nothing was billed, so no price was
   * needed: they are not unpriced. */
  unbilled: number;
}

export interface Summary {
  total: SummaryRow;
  byFeature: SummaryRow[];
  byUser: SummaryRow[];
  byModel: SummaryRow[];
}

const FEMTO_DIGITS = 15;

/** Decimal text (or a JS number's shortest text) as integer femto-USD, rounded half up past 15 decimals. */
export function toFemto(value: number | string): bigint {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return 0n;
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? '0') + FEMTO_DIGITS - frac.length;
  const digits = BigInt(`${m[1] ?? ''}${frac}` || '0');
  if (exp >= 0) return digits * 10n ** BigInt(exp);
  const div = 10n ** BigInt(-exp);
  return (digits * 2n + div) / (div * 2n);
}

/** A failure before any answer: no tokens, no cost (the recorder still marks it `unpriced`). */
function isUnbilled(call: SummaryCall): boolean {
  return (
    call.errorType !== undefined &&
    call.inputTokens === 0 &&
    call.outputTokens === 0 &&
    call.costUsd === undefined &&
    call.costExact === undefined
  );
}

function costOf(call: SummaryCall): bigint {
  if (call.pricingStatus === 'unpriced') return 0n;
  if (typeof call.costExact === 'bigint') return call.costExact;
  if (typeof call.costExact === 'string') return toFemto(call.costExact);
  return call.costUsd !== undefined && call.costUsd >= 0 ? toFemto(call.costUsd) : 0n;
}

const emptyRow = (key: string): SummaryRow => ({
  key,
  calls: 0,
  inputTokens: 0,
  outputTokens: 0,
  costFemto: 0n,
  unpriced: 0,
  estimated: 0,
  failed: 0,
  unbilled: 0,
});

function add(row: SummaryRow, call: SummaryCall, cost: bigint): void {
  row.calls += 1;
  row.inputTokens += call.inputTokens;
  row.outputTokens += call.outputTokens;
  row.costFemto += cost;
  const unbilled = isUnbilled(call);
  if (call.pricingStatus === 'unpriced' && !unbilled) row.unpriced += 1;
  if (call.pricingStatus === 'estimated') row.estimated += 1;
  if (call.errorType !== undefined) row.failed += 1;
  if (unbilled) row.unbilled += 1;
}

/** Running totals of calls by feature, user and model. */
export class SummaryAggregator {
  readonly #total = emptyRow('total');
  readonly #groups = {
    feature: new Map<string, SummaryRow>(),
    user: new Map<string, SummaryRow>(),
    model: new Map<string, SummaryRow>(),
  };

  add(call: SummaryCall): void {
    const cost = costOf(call);
    add(this.#total, call, cost);
    const keys = {
      feature: call.feature ?? '(none)',
      user: call.userId ?? '(none)',
      model: `${call.provider}/${call.responseModel ?? call.requestModel}`,
    };
    for (const group of ['feature', 'user', 'model'] as const) {
      const map = this.#groups[group];
      let row = map.get(keys[group]);
      if (!row) {
        row = emptyRow(keys[group]);
        map.set(keys[group], row);
      }
      add(row, call, cost);
    }
  }

  snapshot(): Summary {
    const sorted = (m: Map<string, SummaryRow>) =>
      [...m.values()]
        .map((r) => ({ ...r }))
        .sort((a, b) => (b.costFemto > a.costFemto ? 1 : b.costFemto < a.costFemto ? -1 : b.calls - a.calls));
    return {
      total: { ...this.#total },
      byFeature: sorted(this.#groups.feature),
      byUser: sorted(this.#groups.user),
      byModel: sorted(this.#groups.model),
    };
  }
}
