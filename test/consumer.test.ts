// What a user outside this repository gets, by the root README's "Use it" route: every package packed as
// `pnpm publish` would upload it (scripts/tarballs.mjs), the README's `npm install` and `pnpm add` lines run in
// fresh apps in a temporary folder (this run's paths in place of ~/llmcost and ~/my-app), then its `node --import`
// line on an ESM app and its `node --require` line on a CommonJS app, both calling the real openai and
// @anthropic-ai/sdk packages against mock-llm, on Node 20 and 24, and its `npx @llmcost/cli` line. Each call is one
// priced span whose cost is the price table's for the usage the provider returned; the ESM app runs the root
// README's withLlmContext snippet verbatim. The installs download from the registry (into caches in the
// temporary folder), so this runs once per CI run, on the full-suite Node, and starts Node 20 itself.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { computeCost, convertAnthropicUsage, convertOpenAIChatUsage } from '@llmcost/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBinary, onOtherCiNode } from './ci-matrix.mjs';
import { type Harness, startHarness } from './helpers/harness.js';
import type { ReceivedSpan } from './helpers/otlp-receiver.js';
import { cleanEnv, type NodeResult, REPO_ROOT } from './helpers/run-node.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const ROUTE = /## Use it[\s\S]*?```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
/** The README's command that starts with `prefix` (also after "# or: "), without its comment. */
const command = (prefix: string): string => {
  const at = ROUTE.split('\n')
    .flatMap((l) => [l, ...l.split('# or: ').slice(1)])
    .find((l) => l.startsWith(prefix));
  if (!at) throw new Error(`README "Use it" has no line starting with ${prefix}`);
  return at.replace(/\s+#.*$/, '').trim();
};
/** The root README's first ts block: the withLlmContext snippet, pasted as is into the ESM app. */
const SNIPPET = /Say who and what a call is for:\s*```ts\n([\s\S]*?)```/.exec(README)?.[1] ?? '';

// Test scaffolding around the README's code: the provider's response bodies, read through the SDKs' `fetch`
// option, give the usage each call's cost is checked against.
const TAP = `const bodies = [];
const tap = async (url, init) => {
  const res = await fetch(url, init);
  bodies.push(await res.clone().json());
  return res;
};
const openai = new OpenAI({ maxRetries: 0, fetch: tap });
const anthropic = new Anthropic({ maxRetries: 0, fetch: tap });
const messages = [{ role: 'user', content: 'What does this call cost?' }];
`;
const ESM_APP = `import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
${TAP}const req = { user: { id: 'user-7' } };
${SNIPPET}
await withLlmContext({ feature: 'consumer', userId: 'user-7' }, () =>
  anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 20, messages }),
);
console.log(JSON.stringify(bodies.map((b) => b.usage)));
`;
const CJS_APP = `const Anthropic = require('@anthropic-ai/sdk');
const OpenAI = require('openai');
const { withLlmContext } = require('@llmcost/otel');
${TAP}
withLlmContext({ feature: 'consumer', userId: 'user-7' }, async () => {
  await openai.chat.completions.create({ model: 'gpt-4o', messages });
  await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 20, messages });
}).then(() => console.log(JSON.stringify(bodies.map((b) => b.usage))));
`;

// scripts/test.mjs runs test/ again on each other CI Node: this file runs on the full-suite one only.
const otherCiNode = onOtherCiNode();
const NODES = [20, 24] as const;
const MANAGERS = ['npm', 'pnpm'] as const;
const SDKS = ['openai', '@anthropic-ai/sdk'];

/** The SDK versions this repository tests with (test/package.json, as installed): the apps pin the same. */
const sdkVersion = (name: string): string =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'test/node_modules', name, 'package.json'), 'utf8')).version;

function sh(cmd: string, cwd: string, env: Record<string, string | undefined>): Promise<NodeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', cmd], { cwd, env: { ...cleanEnv(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// Two installed apps and their caches are ~300 MB of small files: in memory where Linux offers it, since writing and
// removing them on a disk shared by busy processes took minutes.
const TMP_ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
let tmp: string;
let tarballs: string;
let h: Harness;
const installs = new Map<string, NodeResult>();
const runs = new Map<string, NodeResult>();
const cli = new Map<string, NodeResult>();
const appDir = (pm: string) => join(tmp, `${pm}-app`);

beforeAll(async () => {
  if (otherCiNode) return;
  tmp = mkdtempSync(join(TMP_ROOT, 'llmcost-consumer-'));
  tarballs = join(tmp, 'tarballs');
  const pack = await sh(
    `node scripts/tarballs.mjs --no-build --out ${JSON.stringify(tarballs)}`,
    REPO_ROOT,
    {},
  );
  if (pack.code !== 0) throw new Error(`scripts/tarballs.mjs failed: ${pack.stderr}`);
  // The README's lines with this run's folders; the caches inside the temporary folder.
  const withPaths = (cmd: string) => cmd.replaceAll('~/llmcost/tarballs', tarballs);
  const installCmd = {
    npm: `${withPaths(command('npm install '))} --cache ../npm-cache --no-audit --no-fund --loglevel=error`,
    pnpm: `npx -y pnpm@10 ${withPaths(command('pnpm add ')).replace(/^pnpm /, '')} --store-dir ../pnpm-store`,
  };
  const dependencies = Object.fromEntries(SDKS.map((name) => [name, sdkVersion(name)]));
  for (const pm of MANAGERS) {
    mkdirSync(appDir(pm));
    writeFileSync(
      join(appDir(pm), 'package.json'),
      JSON.stringify({ name: `${pm}-app`, private: true, type: 'module', dependencies }),
    );
    writeFileSync(join(appDir(pm), 'app.js'), ESM_APP);
    writeFileSync(join(appDir(pm), 'app.cjs'), CJS_APP);
  }
  // One after the other: two installs at once would fight over 2 cores and the network.
  for (const pm of MANAGERS) installs.set(pm, await sh(installCmd[pm], appDir(pm), {}));

  h = await startHarness();
  const jobs = MANAGERS.flatMap((pm) =>
    NODES.flatMap((node) =>
      (['--import', '--require'] as const).map((flag) => ({
        id: `${pm}-node${node}${flag}`,
        pm,
        node,
        cmd: command(`node ${flag} `),
      })),
    ),
  );
  await Promise.all(
    jobs.map(async ({ id, pm, node, cmd }) => {
      const path = `${dirname(nodeBinary(node))}${delimiter}${process.env.PATH}`;
      const env = h.env(id, { PATH: path, OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
      runs.set(id, await sh(cmd, appDir(pm), env));
    }),
  );
  for (const pm of MANAGERS) cli.set(pm, await sh(command('npx @llmcost/cli'), appDir(pm), {}));
}, 900_000);

afterAll(async () => {
  await h?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(otherCiNode)('installed from the tarballs, outside the workspace', () => {
  it('npm pack in a package is refused: it would ship workspace:* (pack with pnpm)', async () => {
    // Also when started from a pnpm script, whose user agent npm inherits.
    const r = await sh('npm pack --dry-run', join(REPO_ROOT, 'packages/otel'), {
      npm_config_user_agent: 'pnpm/10.34.9 npm/? node/v24.22.3 linux x64',
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('@llmcost/otel: pack and publish with pnpm');
    expect(r.stderr).toContain('npm would ship "workspace:*" dependency ranges');
  });

  it('every tarball: no workspace: range, a LICENSE, where the source lives', () => {
    for (const name of ['otel', 'pricing', 'budget', 'cli', 'mock-llm']) {
      const dir = join(appDir('npm'), 'node_modules', '@llmcost', name);
      const manifest = readFileSync(join(dir, 'package.json'), 'utf8');
      expect(manifest, name).not.toContain('workspace:');
      expect(existsSync(join(dir, 'LICENSE')), `${name} LICENSE`).toBe(true);
      const pkg = JSON.parse(manifest);
      expect(pkg.license).toBe('Apache-2.0');
      expect(pkg.repository.directory).toBe(`packages/${name}`);
      expect(pkg.bugs.url).toMatch(/\/issues$/);
    }
  });

  it.each(MANAGERS)('%s installs them, one copy of each package', (pm) => {
    const install = installs.get(pm)!;
    expect(install.code, install.stderr).toBe(0);
    // @llmcost/otel resolves its siblings to the app's own copies (pnpm: the peers; npm: hoisted).
    const otel = realpathSync(join(appDir(pm), 'node_modules', '@llmcost', 'otel'));
    const fromOtel = createRequire(join(otel, 'package.json'));
    const fromApp = createRequire(join(appDir(pm), 'package.json'));
    for (const sibling of ['@llmcost/pricing', '@llmcost/budget']) {
      expect(realpathSync(fromOtel.resolve(`${sibling}/package.json`))).toBe(
        realpathSync(fromApp.resolve(`${sibling}/package.json`)),
      );
    }
  });

  it.each(MANAGERS)('%s: npx @llmcost/cli runs the installed command', (pm) => {
    const r = cli.get(pm)!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')).version,
    );
  });

  const cases = MANAGERS.flatMap((pm) =>
    NODES.flatMap((node) =>
      (['--import', '--require'] as const).map((flag) => ({ id: `${pm}-node${node}${flag}`, node, flag })),
    ),
  );
  it.each(cases)('$id: a priced span per call, cost from the usage returned', ({ id, node, flag }) => {
    const r = runs.get(id)!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const [openaiUsage, anthropicUsage] = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    const spans = h.llmSpans(id).sort((a, b) => a.name.localeCompare(b.name));
    expect(spans.map((s) => s.name)).toEqual(['chat claude-haiku-4-5', 'chat gpt-4o']);
    expect(spans.every((s) => String(s.resource['process.runtime.version']).startsWith(`${node}.`))).toBe(
      true,
    );
    const [claude, gpt] = spans as [ReceivedSpan, ReceivedSpan];
    const expected = [
      [
        claude,
        computeCost(convertAnthropicUsage(anthropicUsage)!, 'claude-haiku-4-5', { provider: 'anthropic' }),
      ],
      [
        gpt,
        computeCost(convertOpenAIChatUsage(openaiUsage)!, String(gpt.attributes['gen_ai.response.model']), {
          provider: 'openai',
        }),
      ],
    ] as const;
    for (const [span, cost] of expected) {
      expect(cost.status).toBe('priced');
      expect(span.attributes['llmcost.pricing.status']).toBe('priced');
      expect(span.attributes['gen_ai.usage.cost']).toBe(cost.totalUsd);
      expect(span.attributes['user.id']).toBe('user-7');
    }
    expect(claude.attributes['llmcost.feature']).toBe('consumer');
    // The ESM app's OpenAI call is the README snippet's.
    expect(gpt.attributes['llmcost.feature']).toBe(flag === '--import' ? 'deep-analysis' : 'consumer');
    if (flag === '--import') expect(gpt.attributes['llmcost.tier']).toBe('free');
  });
});
