// Replays a scenario minute by minute into the series an app under @llmcost/otel (and its budget guard) would
// export, sampled every 60 s as the collector's remote write stores them.
import { parseBudgetConfig } from '../../../packages/budget/src/config/parse.js';
import {
  UserSpendWindow,
  userSpikeOf,
  userSpikeUsdPerHour,
} from '../../../packages/budget/src/user-spike.js';
import { PromtoolSeries } from './promtool-series.js';
import { random } from './random.js';
import { DAY, HOUR, type Scenario, type ScenarioEvent } from './scenario.js';
import { FEATURES, type Feature, type HourTotals, hourTotals } from './workload.js';

const JOB = 'acme';
const CROWD_CALL_EVERY = 10;

/**
 * One series of one pod. Counters (and the month-to-date gauge) accumulate `pending` between samples: a
 * missing sample (a gap) leaves the app's counter counting, and the next sample carries all of it.
 */
class PodSeries {
  readonly series: PromtoolSeries;
  /** `new`: the next sample is the series' first (or first after a restart); `stopped`: not exported. */
  state: 'new' | 'live' | 'stopped' = 'new';
  pending = 0;
  /** The next sample's minute: promtool series start at test time 0, so a later series starts with gaps. */
  private next = 0;
  constructor(selector: string) {
    this.series = new PromtoolSeries(selector);
  }
  /** The sample at `minute`: the counter's value after `pending` more, or `set` for a first sample. */
  sample(minute: number): void {
    this.advance(minute);
    if (this.state === 'new') this.series.set(this.pending);
    else this.series.add(this.pending);
    this.state = 'live';
    this.pending = 0;
    this.next = minute + 1;
  }
  skip(minute: number): void {
    this.advance(minute);
    this.series.skip();
    this.next = minute + 1;
  }
  private advance(minute: number): void {
    for (; this.next < minute; this.next++) this.series.skip();
  }
}

interface Pod {
  name: string;
  /** A process restart (same name, counters from zero) at this minute's sample. */
  resetAt: number;
  series: Map<string, PodSeries>;
}

/** Minute-by-minute increments of one minute, per series key (labels without the pod). */
type Increments = Map<string, number>;

const labels = (o: Record<string, string>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');

function costKey(f: Feature): string {
  return `gen_ai_usage_cost_USD_sum{${labels({ gen_ai_provider_name: f.provider, gen_ai_request_model: f.model, llmcost_feature: f.name, llmcost_tier: f.tier })}`;
}
function callsKey(
  f: { provider: string; model: string; name: string },
  reason: string,
  status = 'priced',
): string {
  return `llmcost_calls_total{${labels({ gen_ai_provider_name: f.provider, gen_ai_request_model: f.model, llmcost_feature: f.name, llmcost_pricing_status: status, llmcost_finish_reason: reason })}`;
}
const SPENT = `llmcost_budget_spent_USD{${labels({ llmcost_budget_scope: 'global', llmcost_budget_window: 'month' })}`;
const LIMIT = `llmcost_budget_limit_USD{${labels({ llmcost_budget_scope: 'global', llmcost_budget_window: 'month' })}`;
const userKey = (id: string) => `llmcost_user_spend_alerts_total{user_id="${id}"`;

/** Per-user state of the budget guard's spike check (the real one, from @llmcost/budget). */
class SpikeCheck {
  private readonly window = new UserSpendWindow();
  private readonly hourSpent = new Map<string, { hour: number; usd: number }>();
  private readonly reported = new Set<string>();
  constructor(private readonly usdPerHour: number) {}
  /** A settled call of `usd` at `minute` (plus half a minute); true when it makes the user spike. */
  call(user: string, minute: number, usd: number): boolean {
    const hour = Math.floor(minute / HOUR);
    const prev = this.hourSpent.get(user);
    const spent = (prev && prev.hour === hour ? prev.usd : 0) + usd;
    this.hourSpent.set(user, { hour, usd: spent });
    const nowMs = (minute + 0.5) * 60_000;
    const recent = this.window.observe(user, String(hour), hour * 3_600_000, spent, nowMs);
    const spike = userSpikeOf(spent, recent, this.usdPerHour);
    const key = `${user}:${hour}`;
    if (!spike || this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }
}

const active = (e: { from: number; to: number }, minute: number) => minute >= e.from && minute < e.to;

/** The input series of a scenario, in promtool notation. */
export function replay(s: Scenario): PromtoolSeries[] {
  const traffic = random(s.seed);
  const noise = random(s.seed * 7919 + 1);
  const { monthUsd, dayUsd, userSpikeUsdPerHour: usdPerHour } = s.budget;
  const budgetFile = {
    ...(monthUsd || dayUsd
      ? { global: { ...(monthUsd ? { monthUsd } : {}), ...(dayUsd ? { dayUsd } : {}) } }
      : {}),
    ...(usdPerHour ? { userSpike: { usdPerHour } } : {}),
  };
  const spikeRate = userSpikeUsdPerHour(parseBudgetConfig(budgetFile), s.start * 60_000);
  const spikes = new SpikeCheck(spikeRate);
  const all: PromtoolSeries[] = [];
  const slots = Array.from({ length: s.instances.count }, (_, i) => i);
  const pods: Pod[] = [];
  const podOf = (slot: number, minute: number): Pod => {
    const churn = s.instances.churnHours;
    // slots are replaced in turn, not all at once (a rolling deploy)
    const offset = churn ? Math.round((slot * churn * HOUR) / s.instances.count) : 0;
    const gen = churn ? Math.floor((minute - s.start + offset) / (churn * HOUR)) : 0;
    const name = `api-${slot + 1}${churn ? `-${gen}` : ''}`;
    let pod = pods[slot];
    if (!pod || pod.name !== name) {
      pod = { name, resetAt: -1, series: new Map() };
      pods[slot] = pod;
    }
    const restart = s.instances.restartHours;
    if (restart && minute > s.start) {
      const every = restart * HOUR;
      if ((minute - s.start + Math.round((slot * every) / s.instances.count) + 37) % every === 0)
        pod.resetAt = minute;
    }
    return pod;
  };

  const hours = new Map<string, HourTotals>();
  let dayFactor = 1;
  let mtd = s.budget.spentAtStartUsd ?? 0;
  let mtdIncrement = 0;
  let monthStarted = false;
  const userCalls: Array<{ user: string; feature: string; usd: number }> = [];
  const unpricedCalls = new Map<string, number>();
  let callIndex = 0;

  for (let minute = s.start; minute <= s.end; minute++) {
    // 1. What happened during the minute before this sample.
    const inc: Increments = new Map();
    const bump = (key: string, v: number) => inc.set(key, (inc.get(key) ?? 0) + v);
    const detected: Array<{ user: string; slot: number }> = [];
    if (minute > s.start) {
      const m = minute - 1;
      if (m % DAY === 0 || m === s.start) dayFactor = Math.exp(s.traffic.dayNoise * noise.normal());
      if (m % HOUR === 0 || m === s.start)
        for (const f of FEATURES) hours.set(f.name, hourTotals(f, m, s.traffic, dayFactor, traffic));
      for (const f of FEATURES) {
        const h = hours.get(f.name)!;
        const factor = s.events
          .filter((e): e is Extract<ScenarioEvent, { kind: 'multiply' }> => e.kind === 'multiply')
          .filter((e) => active(e, m) && (!e.features || e.features.includes(f.name)))
          .reduce((a, e) => a * e.factor, 1);
        const share = s.events.find(
          (e): e is Extract<ScenarioEvent, { kind: 'truncation' }> =>
            e.kind === 'truncation' && e.feature === f.name && active(e, m),
        )?.share;
        const calls = (h.calls / HOUR) * factor;
        const truncated = share === undefined ? (h.truncated / HOUR) * factor : calls * share;
        bump(costKey(f), (h.costUsd / HOUR) * factor);
        bump(callsKey(f, f.reasons[0]), calls - truncated);
        bump(callsKey(f, f.reasons[1]), truncated);
      }
      userCalls.length = 0;
      for (const e of s.events) {
        if (e.kind === 'user' && active(e, m) && (m - e.from) % e.everyMinutes === 0)
          userCalls.push({ user: e.id, feature: e.feature, usd: e.usdPerCall });
        if (e.kind === 'crowd' && active(e, m))
          for (let u = 0; u < e.users; u++)
            if ((m - e.from + u) % CROWD_CALL_EVERY === 0)
              userCalls.push({
                user: `crowd-${u}`,
                feature: e.feature,
                usd: (e.usdPerHourEach * CROWD_CALL_EVERY) / HOUR,
              });
        if (e.kind === 'unpriced')
          for (const at of e.at)
            if (at === m) unpricedCalls.set(e.model, (unpricedCalls.get(e.model) ?? 0) + 1);
      }
      for (const c of userCalls) {
        const f = FEATURES.find((x) => x.name === c.feature)!;
        bump(costKey(f), c.usd);
        bump(callsKey(f, f.reasons[0]), 1);
        const slot = callIndex++ % slots.length;
        if (spikes.call(c.user, m, c.usd)) detected.push({ user: c.user, slot });
      }
      mtdIncrement = 0;
      for (const [k, v] of inc) if (k.startsWith('gen_ai_usage_cost_USD_sum')) mtdIncrement += v;
      monthStarted = m === 31 * DAY;
      mtd = (monthStarted ? 0 : mtd) + mtdIncrement;
    }

    // 2. The samples at `minute`, per pod: each serves an even share of the calls.
    const gap = s.events.some((e) => e.kind === 'gap' && minute >= e.from && minute < e.from + e.minutes);
    for (const slot of slots) {
      const pod = podOf(slot, minute);
      const get = (key: string) => {
        let series = pod.series.get(key);
        if (!series) {
          const selector = key.replace('{', `{job="${JOB}", instance="${pod.name}", `) + '}';
          series = new PodSeries(selector);
          pod.series.set(key, series);
          all.push(series.series);
        }
        return series;
      };
      for (const [key, v] of inc) get(key).pending += v / slots.length;
      if (slot === 0)
        for (const [model, n] of unpricedCalls)
          get(callsKey({ provider: 'openai', model, name: 'experimental' }, 'stop', 'unpriced')).pending += n;
      for (const d of detected)
        if (d.slot === slot) {
          const series = get(userKey(d.user));
          if (series.state === 'stopped') series.state = 'new';
          series.pending += 1;
        }
      if (minute > s.start) {
        // the guard's month-to-date, the same on every pod (a shared store); a new month starts from zero
        const spent = get(SPENT);
        if (monthStarted) spent.state = 'new';
        if (spent.state === 'new') spent.pending = mtd;
        else spent.pending += mtdIncrement;
        if (monthUsd) get(LIMIT);
      }
      const restarted = pod.resetAt === minute;
      for (const [key, series] of pod.series) {
        if (key === LIMIT) {
          if (gap) series.skip(minute);
          else {
            if (series.state === 'new') series.pending = monthUsd ?? 0;
            series.sample(minute);
          }
          continue;
        }
        if (restarted && key !== SPENT) {
          // the process is down for this sample; its counters start again from zero, and a user's spike
          // counter only comes back with the user's next spike
          series.skip(minute);
          series.pending = 0;
          series.state = key.startsWith('llmcost_user_spend_alerts_total') ? 'stopped' : 'new';
        } else if (series.state === 'stopped') continue;
        else if (gap) series.skip(minute);
        else series.sample(minute);
      }
    }
    unpricedCalls.clear();
  }
  return all;
}
