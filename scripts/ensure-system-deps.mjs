#!/usr/bin/env node
// The test suite runs real servers: redis-server, prometheus + promtool, alertmanager, and headless chromium
// (Debian 12 packages).
// Install what is missing when we can (root + apt-get); otherwise stop with one line naming the command.
import { execFileSync, spawnSync } from 'node:child_process';

const needed = [
  { bin: 'redis-server', pkg: 'redis-server' },
  { bin: 'prometheus', pkg: 'prometheus' },
  { bin: 'promtool', pkg: 'prometheus' },
  { bin: 'prometheus-alertmanager', pkg: 'prometheus-alertmanager' },
  // `llmcost report --format html` is checked in headless Chromium.
  { bin: 'chromium', pkg: 'chromium' },
];

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const missing = [...new Set(needed.filter((n) => !has(n.bin)).map((n) => n.pkg))];
if (missing.length === 0) process.exit(0);

const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const isRoot = process.getuid?.() === 0;
if (!isRoot || !has('apt-get')) {
  console.error(`llmcost tests need ${missing.join(', ')}: run as root: ${command}`);
  process.exit(1);
}
console.error(`installing ${missing.join(', ')} (Debian packages used by the tests)...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('sh', ['-c', `${command} -qq`], { stdio: 'inherit', env });
} catch {
  console.error(
    `llmcost tests need ${missing.join(', ')}; the automatic install failed: run as root: apt-get update && ${command}`,
  );
  process.exit(1);
}
// Debian starts the services it installs; the tests start their own on free ports, so stop the defaults.
for (const svc of ['redis-server', 'prometheus', 'prometheus-alertmanager', 'prometheus-node-exporter']) {
  spawnSync('sh', ['-c', `service ${svc} stop`], { stdio: 'ignore' });
}
