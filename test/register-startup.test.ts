// The register entry stays light: no tokenizer at start-up (it loads on the first local count), no node:crypto,
// import-in-the-middle only when an ESM loader can use it, and with OTEL_SDK_DISABLED the SDK is not loaded at all.
// (How long start-up takes is measured in bench/register-startup.bench.mjs, never asserted.)
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, runNode } from './helpers/run-node.js';

// Whether the SDK runs is asked of the OpenTelemetry API itself (a started span has a real trace id), not
// read from file names: the register bundle inlines most of the SDK.
const PROBE = [
  `const api = require(require.resolve('@opentelemetry/api', { paths: [require.resolve('@llmcost/otel')] }));`,
  `const traceId = api.trace.getTracer('probe').startSpan('probe').spanContext().traceId;`,
  `console.log(JSON.stringify({ sdk: !/^0+$/.test(traceId), modules: Object.keys(require.cache) }));`,
].join('\n');
const loaded = async (flag: string, env: Record<string, string> = {}, stderr = '') => {
  const r = await runNode({
    cwd: `${FIXTURES}openai-v6`,
    args: [flag, '@llmcost/otel/register', '-e', PROBE],
    env,
  });
  expect(r.stderr).toBe(stderr);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { sdk: boolean; modules: string[] };
};

describe('start-up', () => {
  it.each(['--import', '--require'])('%s loads the SDK but no tokenizer', async (flag) => {
    const { sdk, modules } = await loaded(flag, {
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
    });
    expect(sdk).toBe(true);
    expect(modules.filter((m) => m.includes('tokenizer'))).toEqual([]);
    // Exporters load only when configured: none of them here.
    expect(
      modules.filter((m) => /exporter-(trace|metrics|logs)-otlp|exporter-prometheus|grpc-js/.test(m)),
    ).toEqual([]);
  });

  // The OTLP exporters (protobufjs and the OTLP transformer behind them) load on the first export, not at start-up:
  // the default configuration exports OTLP, here to a port where nothing listens. The probe's span never ends, so
  // nothing is exported while the probe looks.
  it.each(['--import', '--require'])(
    '%s: the default OTLP exporters are not loaded at start-up',
    async (flag) => {
      // Nothing listens there: said in one line at exit (register-no-collector.test.ts).
      const { sdk, modules } = await loaded(
        flag,
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' },
        'llmcost: no collector at http://127.0.0.1:9; spans and metrics are dropped; set OTEL_EXPORTER_OTLP_ENDPOINT, or OTEL_TRACES_EXPORTER=none and OTEL_METRICS_EXPORTER=none\n',
      );
      expect(sdk).toBe(true);
      expect(
        modules.filter((m) => /exporter-(trace|metrics|logs)-otlp|otlp-transformer|protobufjs/.test(m)),
      ).toEqual([]);
    },
  );

  it('OTEL_SDK_DISABLED=true loads no OpenTelemetry SDK', async () => {
    const { sdk, modules } = await loaded('--import', { OTEL_SDK_DISABLED: 'true' });
    expect(sdk).toBe(false);
    expect(
      modules.filter((m) => m.includes('@opentelemetry/sdk-') || m.includes('@llmcost/otel/dist/')),
    ).toEqual([]);
  });
});

// Built-in modules and import-in-the-middle at start-up, from an entry FILE (`-e` itself loads node:crypto).
// node:crypto loads on first use (a pricing-file digest, a user-id HMAC; lazyNodeCrypto in
// scripts/tsup-one-instance.ts); import-in-the-middle only where an ESM loader can exist.
describe('start-up, from an entry file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcost-startup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(join(FIXTURES, 'openai-v6', 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(
    join(dir, 'probe.cjs'),
    `const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
console.log(JSON.stringify({
  crypto: builtins.includes('crypto'),
  iitm: Object.keys(require.cache).some((f) => /[\\\\/]import-in-the-middle[\\\\/]/.test(f)),
}));
`,
  );
  const probe = async (args: string[]) => {
    const r = await runNode({
      cwd: dir,
      args: [...args, 'probe.cjs'],
      env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as { crypto: boolean; iitm: boolean };
  };

  it('--require: neither node:crypto nor import-in-the-middle', async () => {
    expect(await probe(['--require', '@llmcost/otel/register'])).toEqual({ crypto: false, iitm: false });
  });

  it('--require beside an --import: import-in-the-middle is there for that loader, still no node:crypto', async () => {
    writeFileSync(join(dir, 'other.mjs'), '');
    expect(await probe(['--require', '@llmcost/otel/register', '--import', './other.mjs'])).toEqual({
      crypto: false,
      iitm: true,
    });
  });
});
