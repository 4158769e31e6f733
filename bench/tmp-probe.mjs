import { spawn } from 'node:child_process';
import { createBudgetGuard } from '@llmcost/budget';
const port = 6500 + Math.floor(Math.random() * 1000);
const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => child.stdout.on('data', (c) => String(c).includes('Ready') && r()));
const CONFIG = {
  users: { default: { hourUsd: 1e6, dayUsd: 1e6, monthUsd: 1e6 }, tiers: { free: { hourUsd: 1e6 } } },
  features: { chat: { dayUsd: 1e6, monthUsd: 1e6 } },
  global: { monthUsd: 1e9, dayUsd: 1e8 }, store: `redis://127.0.0.1:${port}`,
};
const g = createBudgetGuard(CONFIG, { env: {} });
const prompt = 'x'.repeat(1000);
const req = (i) => ({ provider: 'openai', model: 'gpt-4o', feature: 'chat', tier: i % 2 ? 'free' : undefined, userId: `u${i % 100}`, inputText: () => prompt, maxOutputTokens: 500 });
for (const c of [8, 8]) {
  const cpu0 = process.cpuUsage(); const t0 = Date.now(); let n = 0;
  const pid = child.pid; const fs = await import('node:fs');
  const rcpu = () => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' '); return (Number(f[13]) + Number(f[14])) * 10; };
  const r0 = rcpu();
  await Promise.all(Array.from({ length: c }, async () => { while (Date.now() - t0 < 3000) { const d = await g.reserve(req(n++)); await g.settle(d.reservation, 0.001); } }));
  const wall = Date.now() - t0; const cpu = process.cpuUsage(cpu0);
  console.log({ c, perSec: Math.round(n / wall * 1000), nodeCpuPct: Math.round((cpu.user + cpu.system) / 1000 / wall * 100), redisCpuPct: Math.round((rcpu() - r0) / wall * 100) });
}
await g.close(); child.kill();
