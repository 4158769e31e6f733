#!/usr/bin/env node
// Demonstrates the three behaviours of the budget guard against mock-llm, prints what happened, and exits
// (status 0 when all three were seen). Needs the built packages: `npx -y pnpm@10 run build` at the root.
//  1. a free-tier user is cut off after their hourly cap (HTTP 429, Retry-After);
//  2. an enterprise user making the same calls is not;
//  3. "deep-analysis" calls go to gpt-4o-mini once the global budget passes 90%.
import { fileURLToPath } from 'node:url';
import { startMockLlm } from '@llmcost/mock-llm';
import { createApp } from './server.mjs';

const mock = await startMockLlm();
const app = createApp({
  budgetFile: fileURLToPath(new URL('./budget.yaml', import.meta.url)),
  llmBaseUrl: `${mock.url}/v1`,
});
const base = await app.listen();

async function ask(user, tier, body) {
  const res = await fetch(`${base}/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user-id': user, 'x-user-tier': tier },
    body: JSON.stringify({ question: 'How did revenue develop this quarter?', ...body }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

const seen = { freeCutOff: false, enterpriseServed: false, downgraded: false };
try {
  // 1. free tier: calls until the hourly cap says no.
  let freeCalls = 0;
  for (let i = 0; i < 50; i++) {
    const r = await ask('fiona', 'free', {});
    if (r.status === 429) {
      console.log(
        `free user fiona: ${freeCalls} calls served, then HTTP 429 (retry-after ${r.retryAfter} s): ${r.body.error}`,
      );
      seen.freeCutOff = r.body.reason === 'hour_limit' && r.body.scope === 'user';
      break;
    }
    freeCalls++;
  }

  // 2. enterprise: twice as many calls as cut the free user off, all served.
  let enterpriseOk = 0;
  for (let i = 0; i < freeCalls * 2; i++)
    if ((await ask('erin', 'enterprise', {})).status === 200) enterpriseOk++;
  console.log(`enterprise user erin: ${enterpriseOk} of ${freeCalls * 2} calls served`);
  seen.enterpriseServed = freeCalls > 0 && enterpriseOk === freeCalls * 2;

  // 3. deep analysis with long answers until the global budget passes 90%: the model changes.
  let spent = 0;
  for (let i = 0; i < 200; i++) {
    const r = await ask('erin', 'enterprise', {
      feature: 'deep-analysis',
      maxTokens: 4000,
      mockOutputTokens: 3000,
    });
    if (r.status !== 200) {
      console.log(`deep-analysis call ${i + 1}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      break;
    }
    spent += r.body.costUsd;
    if (r.body.decision === 'downgraded') {
      console.log(
        `deep-analysis call ${i + 1}: global budget past 90% -> answered by ${r.body.model} ($${r.body.costUsd.toFixed(6)} instead of about $${(spent / (i + 1)).toFixed(6)})`,
      );
      seen.downgraded = r.body.model.startsWith('gpt-4o-mini');
      break;
    }
  }
} finally {
  await app.close();
  await mock.close();
}

const ok = Object.values(seen).every(Boolean);
console.log(ok ? 'all three behaviours demonstrated' : `missing: ${JSON.stringify(seen)}`);
process.exit(ok ? 0 : 1);
