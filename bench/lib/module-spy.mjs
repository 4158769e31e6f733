// `node --import ./module-spy.mjs ...`: appends the URL of every ESM module resolution to $BENCH_MODULE_SPY_FILE.
// Registered before the hook under test, so it also sees what that hook's own imports resolve. (require() is not
// routed through these hooks on Node 20: startup-app.cjs checks the require cache for that side.)
import { register } from 'node:module';

register('./module-spy-hooks.mjs', import.meta.url, { data: { file: process.env.BENCH_MODULE_SPY_FILE } });
