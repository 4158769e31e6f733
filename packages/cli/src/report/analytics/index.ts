export type { BaselineScore, ScoreOptions } from './baseline.js';
export { BASELINE_DAYS, scoreHours, THRESHOLD_SD } from './baseline.js';
export { budgetRunOut, MAX_WEEKLY_GROWTH, MIN_WEEKLY_GROWTH, projectMonth } from './projection.js';
export { totalGrowth, weekOverWeek } from './trends.js';
