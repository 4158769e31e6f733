// One of the processes of the concurrency test: 50 concurrent reserve+settle calls for the same user,
// started when the parent writes "go", result printed as one JSON line.
import { createBudgetGuard } from '@llmcost/budget';
import { fixedPricing, request } from './fixed-pricing.js';

const [url, hourUsd, calls] = [
  process.env.REDIS_URL!,
  Number(process.env.HOUR_USD),
  Number(process.env.CALLS),
];
const guard = createBudgetGuard(
  { store: url, users: { default: { hourUsd } } },
  { pricing: fixedPricing(), env: {} },
);
const hot = request({ userId: 'hot' });
// Warm up the connection and the script cache with a question that reserves nothing.
await guard.check(request({ userId: 'warm-up' }));
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));

let allowed = 0;
let rejected = 0;
const errors: string[] = [];
await Promise.all(
  Array.from({ length: calls }, async () => {
    try {
      const d = await guard.reserve(hot);
      if (d.decision === 'rejected') {
        rejected++;
        if ((d.error as { reason?: string }).reason !== 'hour_limit') errors.push(d.error.message);
        return;
      }
      allowed++;
      await guard.settle(d.reservation, d.reservation.reservedUsd);
    } catch (err) {
      errors.push(String(err));
    }
  }),
);
await guard.close();
process.stdout.write(`${JSON.stringify({ allowed, rejected, errors })}\n`);
