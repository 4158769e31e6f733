// Public surface of the package: re-exports only.
export type { Io } from './io.js';
export { run } from './main.js';
