// Child of process-exit.test.ts: one reserve+settle against REDIS_URL, then nothing left to do. The process
// must drain and reach `beforeExit` by itself (where the instrumentation flushes and closes the guard).
import { createBudgetGuard } from '@llmcost/budget';
import { fixedPricing, request } from './fixed-pricing.js';

const guard = createBudgetGuard(
  { store: process.env.REDIS_URL!, users: { default: { hourUsd: 1 } } },
  { pricing: fixedPricing(), env: {} },
);
let closed = false;
process.on('beforeExit', () => {
  if (closed) return;
  closed = true;
  process.stdout.write('beforeExit\n');
  void guard.close();
});
const decision = await guard.reserve(request({ userId: 'idle' }));
if (decision.decision !== 'rejected') await guard.settle(decision.reservation, 0.001);
process.stdout.write(`${decision.decision}\n`);
