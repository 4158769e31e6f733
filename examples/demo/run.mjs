#!/usr/bin/env node
// `node examples/demo/run.mjs` (or `pnpm demo`): starts mock-llm on a free loopback port, then runs app.mjs
// as a child process under `node --import @llmcost/otel/register`, and prints the cost table at exit.
// No API key, no network beyond loopback. Telemetry is exported over OTLP only when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. With LLMCOST_DEMO_REAL=1 and OPENAI_API_KEY (and optionally
// ANTHROPIC_API_KEY, GEMINI_API_KEY, AWS credentials, MISTRAL_API_KEY) it calls the real APIs instead: a few cents.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMockLlm } from '@llmcost/mock-llm';

const here = fileURLToPath(new URL('.', import.meta.url));
const real = process.env.LLMCOST_DEMO_REAL === '1';
if (real && !process.env.OPENAI_API_KEY) {
  console.error('demo: LLMCOST_DEMO_REAL=1 needs OPENAI_API_KEY');
  process.exit(1);
}

const mock = real ? undefined : await startMockLlm({ port: 0 });
const exporting = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
const env = {
  ...process.env,
  OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME ?? 'llmcost-demo',
  LLMCOST_SUMMARY: process.env.LLMCOST_SUMMARY ?? 'stderr',
  OTEL_TRACES_EXPORTER: process.env.OTEL_TRACES_EXPORTER ?? (exporting ? 'otlp' : 'none'),
  OTEL_METRICS_EXPORTER: process.env.OTEL_METRICS_EXPORTER ?? (exporting ? 'otlp' : 'none'),
};
if (mock) {
  Object.assign(env, {
    OPENAI_BASE_URL: `${mock.url}/v1`,
    ANTHROPIC_BASE_URL: mock.url,
    OPENAI_API_KEY: 'demo-key',
    ANTHROPIC_API_KEY: 'demo-key',
    GOOGLE_GEMINI_BASE_URL: mock.url,
    GEMINI_API_KEY: 'demo-key',
    BEDROCK_ENDPOINT: mock.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'demo-key',
    AWS_SECRET_ACCESS_KEY: 'demo-secret',
    // The AWS SDK's own notice that its 2027 releases need Node 22 (a Node 20 demo run would print it).
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    MISTRAL_SERVER_URL: mock.url,
    MISTRAL_API_KEY: 'demo-key',
  });
  console.log(`demo: mock-llm on ${mock.url}`);
}

const child = spawn(process.execPath, ['--import', '@llmcost/otel/register', 'app.mjs'], {
  cwd: here,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', async (code, signal) => {
  await mock?.close();
  process.exit(code ?? (signal ? 1 : 0));
});
