export type { BaselineScore, ScoreOptions } from './baseline.js';
export { scoreHours } from './baseline.js';
export { budgetRunOut, projectMonth } from './projection.js';
export { totalGrowth, weekOverWeek } from './trends.js';
