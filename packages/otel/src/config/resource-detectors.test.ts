// OTEL_NODE_RESOURCE_DETECTORS: which resource detectors run at start-up (default env and process, no I/O).
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSdk, startSdk } from '../bootstrap/sdk.js';
import { ConfigError } from './errors.js';
import { resolveConfig } from './resolve.js';

describe('OTEL_NODE_RESOURCE_DETECTORS', () => {
  it('defaults to env and process', () => {
    expect(resolveConfig({}).resourceDetectors).toEqual(['env', 'process']);
  });

  it('takes a list, all, or none', () => {
    expect(resolveConfig({ OTEL_NODE_RESOURCE_DETECTORS: 'host, env' }).resourceDetectors).toEqual([
      'host',
      'env',
    ]);
    expect(resolveConfig({ OTEL_NODE_RESOURCE_DETECTORS: 'all' }).resourceDetectors).toEqual([
      'env',
      'host',
      'os',
      'process',
      'serviceinstance',
    ]);
    expect(resolveConfig({ OTEL_NODE_RESOURCE_DETECTORS: 'none' }).resourceDetectors).toEqual([]);
  });

  it('refuses an unknown detector with one line naming the variable', () => {
    expect(() => resolveConfig({ OTEL_NODE_RESOURCE_DETECTORS: 'env,hots' })).toThrow(ConfigError);
    expect(() => resolveConfig({ OTEL_NODE_RESOURCE_DETECTORS: 'env,hots' })).toThrow(
      /^llmcost: OTEL_NODE_RESOURCE_DETECTORS="env,hots" is not a comma-separated list of env, host, os/,
    );
  });
});

describe('resource of exported spans', () => {
  let sdk: RunningSdk | undefined;
  afterEach(async () => {
    await sdk?.shutdown();
    sdk = undefined;
  });

  const resourceWith = async (env: Record<string, string>) => {
    const ended: ReadableSpan[] = [];
    const capture: SpanProcessor = {
      onStart: () => {},
      onEnd: (span) => void ended.push(span),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const config = resolveConfig({
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_SERVICE_NAME: 'detectors-test',
      ...env,
    });
    sdk = startSdk(config, [], [capture]);
    sdk.tracerProvider.getTracer('t').startSpan('s').end();
    await sdk.forceFlush();
    expect(ended).toHaveLength(1);
    const resource = ended[0]!.resource;
    await resource.waitForAsyncAttributes?.();
    return resource.attributes;
  };

  it('carries process attributes but no host ones by default', async () => {
    const attributes = await resourceWith({});
    expect(attributes['process.pid']).toBe(process.pid);
    expect(attributes['service.name']).toBe('detectors-test');
    expect(attributes['host.name']).toBeUndefined();
  });

  it('runs only the detectors named', async () => {
    const attributes = await resourceWith({ OTEL_NODE_RESOURCE_DETECTORS: 'host' });
    expect(attributes['host.name']).toBeTypeOf('string');
    expect(attributes['process.pid']).toBeUndefined();
    expect(attributes['service.name']).toBe('detectors-test');
  });
});
