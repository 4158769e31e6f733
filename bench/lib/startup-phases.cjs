// Phases of the CommonJS register's start-up, for bench/register-startup.bench.mjs: what `--require
// @llmcost/otel/register` does (read the configuration, require the bundle, start), then the app's
// require('openai') under the hooks; and, in a child with nothing loaded, require('openai') alone.
// Prints one JSON line of CPU milliseconds per phase.
const { execFileSync } = require('node:child_process');

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
if (process.argv[2] === 'plain') {
  const t = cpu();
  require('openai');
  process.stdout.write(`${cpu() - t}\n`);
  process.exit(0);
}
const out = {};
let t = cpu();
const phase = (name) => {
  const now = cpu();
  out[name] = now - t;
  t = now;
};
require('@opentelemetry/api');
phase('api');
const otel = require('@llmcost/otel');
phase('bundle');
otel.startLlmcost({}, process.env);
phase('start');
require('openai');
phase('openaiHooked');
out.openaiPlain = Number(execFileSync(process.execPath, [__filename, 'plain'], { encoding: 'utf8' }));
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
