import type { BudgetConfig } from './config/types.js';
import { daysInMonth } from './windows.js';

/**
 * The trailing window over which a user's spend rate is judged. A spike is reported once the user spent the
 * spike rate's share of this window (rate x 10 min), so a user spending at R times the rate is reported after
 * 10 / R minutes, whatever the rate: the hourly check alone took threshold / rate (an hour for a user at the
 * rate, over 15 minutes for anyone under four times it).
 */
export const USER_SPIKE_WINDOW_MS = 10 * 60_000;

/** The spike rate when the budget file names none and has no global budget to derive one from. */
export const DEFAULT_USER_SPIKE_USD_PER_HOUR = 5;

// Bounds on what the window keeps in memory: users (least recently seen dropped first) and samples per user
// (samples closer than this are merged, so a user making 100 calls a second keeps about 60).
const MAX_USERS = 10_000;
const MERGE_MS = USER_SPIKE_WINDOW_MS / 60;

/**
 * The per-user spike rate in USD per hour: `userSpike.usdPerHour`, else `userSpike.shareOfGlobalDay` of the
 * global daily budget (`global.dayUsd`, or `global.monthUsd` spread over the month), else
 * `DEFAULT_USER_SPIKE_USD_PER_HOUR`.
 */
export function userSpikeUsdPerHour(config: BudgetConfig, nowMs: number): number {
  const spike = config.userSpike;
  if (spike.usdPerHour !== undefined) return spike.usdPerHour;
  const g = config.global;
  const day = g.dayUsd ?? (g.monthUsd !== undefined ? g.monthUsd / daysInMonth(nowMs) : undefined);
  return day !== undefined ? day * spike.shareOfGlobalDay : DEFAULT_USER_SPIKE_USD_PER_HOUR;
}

interface Track {
  windowId: string;
  /** The store's hour counter at the last observation. */
  lastSpentUsd: number;
  /** Spend observed since the first observation: the sum of the counter's moves. */
  seenUsd: number;
  /** [time, seenUsd] at each observation within the window, oldest first. */
  samples: Array<[number, number]>;
}

/**
 * Each user's spend over the trailing `USER_SPIKE_WINDOW_MS`, from the store's hourly user counter read after
 * every settlement. With a shared store (Redis) that counter is every process's spend for the user, so the
 * window sees the user's whole spend even when this process serves a part of their calls. The figure is a
 * lower bound: spend before this process first saw the user (unless the hour began within the window) and
 * spend between its last observation of an hour and the next hour's counter are not counted.
 */
export class UserSpendWindow {
  private readonly tracks = new Map<string, Track>();

  /**
   * Records the user's hour counter after a settlement and returns the user's spend within the window.
   * `hourStartMs` is the start of the counter's hour (`windowId`).
   */
  observe(userId: string, windowId: string, hourStartMs: number, spentUsd: number, nowMs: number): number {
    const from = nowMs - USER_SPIKE_WINDOW_MS;
    let track = this.tracks.get(userId);
    if (track === undefined) {
      // The hour's counter started at 0: when that was within the window, all of it counts.
      const samples: Array<[number, number]> = hourStartMs >= from ? [[hourStartMs, -spentUsd]] : [];
      track = { windowId, lastSpentUsd: spentUsd, seenUsd: 0, samples };
      if (this.tracks.size >= MAX_USERS) this.tracks.delete(this.tracks.keys().next().value!);
    } else {
      this.tracks.delete(userId); // re-inserted below: least recently seen first
      track.seenUsd += track.windowId === windowId ? spentUsd - track.lastSpentUsd : spentUsd;
      track.windowId = windowId;
      track.lastSpentUsd = spentUsd;
    }
    this.tracks.set(userId, track);
    const samples = track.samples;
    while (samples.length > 0 && samples[0]![0] < from) samples.shift();
    const last = samples[samples.length - 1];
    if (last !== undefined && samples.length > 1 && nowMs - last[0] < MERGE_MS) last[1] = track.seenUsd;
    else samples.push([nowMs, track.seenUsd]);
    return track.seenUsd - samples[0]![1];
  }
}

export interface UserSpike {
  spentUsd: number;
  thresholdUsd: number;
  /** Set when the spend is that of the trailing window, not of the whole hour. */
  withinMs?: number;
}

/** Whether a user spending `hourSpentUsd` in the hour and `recentUsd` within the window is spiking. */
export function userSpikeOf(
  hourSpentUsd: number,
  recentUsd: number,
  usdPerHour: number,
): UserSpike | undefined {
  if (hourSpentUsd > usdPerHour) return { spentUsd: hourSpentUsd, thresholdUsd: usdPerHour };
  const share = usdPerHour * (USER_SPIKE_WINDOW_MS / 3_600_000);
  return recentUsd >= share
    ? { spentUsd: recentUsd, thresholdUsd: share, withinMs: USER_SPIKE_WINDOW_MS }
    : undefined;
}
