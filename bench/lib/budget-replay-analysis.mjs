// What a replay did, from the calls' records (bench/budget-replay.bench.mjs): false rejections and
// overshoot, judged on the actual costs, independently of the guard's own accounting.
import { BUDGET } from './budget-workload.mjs';

/** The capped scopes of a call, with their caps in USD (the replay runs within one hour, one day, one month). */
function scopesOf(call) {
  const tier = BUDGET.users.tiers[call.tier] ?? BUDGET.users.default;
  const out = [];
  if (tier.hourUsd !== undefined) out.push([`user ${call.userId} hour`, tier.hourUsd]);
  if (tier.dayUsd !== undefined) out.push([`user ${call.userId} day`, tier.dayUsd]);
  const feature = BUDGET.features[call.feature];
  if (feature?.dayUsd !== undefined) out.push([`feature ${call.feature} day`, feature.dayUsd]);
  out.push(['global day', BUDGET.global.dayUsd], ['global month', BUDGET.global.monthUsd]);
  return out;
}

/** The actual cost of the calls admitted to one scope, by admission time: how much was committed before an instant. */
class Ledger {
  events = [];
  sorted = false;
  add(t, usd) {
    this.events.push([t, usd]);
    this.sorted = false;
  }
  before(t) {
    if (!this.sorted) {
      this.events.sort((a, b) => a[0] - b[0]);
      let sum = 0;
      this.prefix = this.events.map(([, usd]) => (sum += usd));
      this.sorted = true;
    }
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid][0] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : this.prefix[lo - 1];
  }
  get total() {
    return this.events.reduce((s, [, usd]) => s + usd, 0);
  }
}

/**
 * A rejection is false when every capped scope of the call had room for what it would really have cost: the
 * actual cost of every call admitted to the scope before it (settled or still running: what an oracle that
 * knew each call's cost would have held) plus its own cost, within the cap. Overshoot: the actual spend of a
 * scope above its cap at the end.
 */
export function analyse(calls, records) {
  const byIndex = new Map(calls.map((c) => [c.i, c]));
  const ledgers = new Map();
  const limits = new Map();
  const ledger = (name) => {
    let l = ledgers.get(name);
    if (l === undefined) {
      l = new Ledger();
      ledgers.set(name, l);
    }
    return l;
  };
  for (const r of records) {
    if (r.rejected) continue;
    for (const [name, limit] of scopesOf(byIndex.get(r.i))) {
      ledger(name).add(r.t, r.actual);
      limits.set(name, limit);
    }
  }
  let rejected = 0;
  let falseRejections = 0;
  const falseBy = {};
  for (const r of records) {
    if (!r.rejected) continue;
    rejected++;
    const call = byIndex.get(r.i);
    const scopes = scopesOf(call);
    if (scopes.every(([name, limit]) => (ledgers.get(name)?.before(r.t) ?? 0) + r.cost <= limit + 1e-12)) {
      falseRejections++;
      const key = `${call.tier} ${call.feature}${call.stream ? ' stream' : ''}${call.maxTokens === undefined ? ' no-max' : ''}`;
      falseBy[key] = (falseBy[key] ?? 0) + 1;
    }
  }
  const over = [];
  for (const [name, l] of ledgers) {
    const excess = l.total - limits.get(name);
    if (excess > 1e-9) over.push([name, excess]);
  }
  over.sort((a, b) => b[1] - a[1]);
  const streams = records.filter((r) => !r.rejected && byIndex.get(r.i).stream);
  return {
    calls: records.length,
    rejected,
    falseRejections,
    falseBy,
    cut: records.filter((r) => r.cut).length,
    streams: streams.length,
    overshootScopes: over.length,
    overshootMax: over[0]?.[1] ?? 0,
    overshootMaxScope: over[0]?.[0],
    overshootTotal: over.reduce((s, [, usd]) => s + usd, 0),
    spent: records.reduce((s, r) => s + (r.actual ?? 0), 0),
  };
}
