import { startMockLlm } from '/work/main/packages/mock-llm/dist/index.js';
import { spawnSync } from 'node:child_process';
const mock = await startMockLlm();
const r = spawnSync(process.execPath, ['dist/bin.js','compare','--dataset','test/fixtures/compare/qa.jsonl','--models','claude-haiku-4-5','--quiet'], { env: { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: mock.url }, encoding: 'utf8' });
console.log(r.status, r.stderr.slice(0,200));
console.log(Object.keys(mock.requests[0].headers));
await mock.close();
