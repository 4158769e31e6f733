// The collector cannot run here: these tests parse its configs and check what the collector would check at
// start-up (every pipeline component defined), plus our own rules (memory_limiter first, batch last,
// exporters pointing at docker-compose services, OTTL statements of the right shape).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COST_TRANSFORM_PROCESSOR, generateCostTransform } from '@llmcost/cli';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseOttlCondition, parseOttlStatement } from './ottl-parser.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (rel: string) => parse(readFileSync(join(root, rel), 'utf8'));
const optional = readdirSync(join(root, 'collector/optional')).map((f) => `collector/optional/${f}`);
const collectorYamls = ['otel-collector.yaml', 'collector/cost-transform.yaml', ...optional];

type Section = Record<string, unknown>;
interface CollectorConfig {
  extensions?: Section;
  receivers?: Section;
  processors?: Section;
  exporters?: Section;
  service: {
    extensions?: string[];
    pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }>;
  };
}

/** The collector deep-merges its --config files, later over earlier. */
function merge(a: any, b: any): any {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(b))
    return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
  return out;
}

/** Every statement / condition string found under OTTL-bearing keys of a config tree. */
function ottlStrings(node: unknown, out: { statements: string[]; conditions: string[] }, key = '') {
  if (Array.isArray(node)) {
    for (const item of node) {
      if (typeof item === 'string' && key === 'statements') out.statements.push(item);
      else if (typeof item === 'string' && (key === 'span' || key === 'spanevent')) out.conditions.push(item);
      else ottlStrings(item, out, key);
    }
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) ottlStrings(v, out, k);
  }
  return out;
}

const main: CollectorConfig = merge(read('otel-collector.yaml'), read('collector/cost-transform.yaml'));
const compose = read('docker-compose.yml');

describe('otel-collector.yaml with collector/cost-transform.yaml', () => {
  const pipelines = Object.entries(main.service.pipelines);

  it('has the traces, metrics and logs pipelines, OTLP on 4317/4318 and the health_check extension', () => {
    expect(Object.keys(main.service.pipelines).sort()).toEqual(['logs', 'metrics', 'traces']);
    expect(main.receivers).toMatchObject({
      otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } },
    });
    expect(main.service.extensions).toContain('health_check');
  });

  it.each(pipelines)('pipeline %s names only defined components', (_name, p) => {
    for (const [kind, list] of [
      ['receivers', p.receivers],
      ['processors', p.processors ?? []],
      ['exporters', p.exporters],
    ] as const) {
      expect(list.length, kind).toBeGreaterThan(kind === 'processors' ? -1 : 0);
      for (const id of list) expect(Object.keys(main[kind] ?? {}), `${kind} ${id}`).toContain(id);
    }
  });

  it.each(pipelines)('pipeline %s runs memory_limiter first and batch last', (_name, p) => {
    expect(p.processors?.[0]).toBe('memory_limiter');
    expect(p.processors?.at(-1)).toBe('batch');
  });

  it('the traces pipeline prices spans with the generated cost transform', () => {
    expect(main.service.pipelines.traces!.processors).toContain(COST_TRANSFORM_PROCESSOR);
  });

  it('every service extension is defined', () => {
    for (const id of main.service.extensions ?? []) expect(Object.keys(main.extensions ?? {})).toContain(id);
  });

  it('every exporter endpoint is a docker-compose service and a port it listens on', () => {
    // (debug prints in the collector's own log: no endpoint)
    const endpoints = Object.entries(main.exporters ?? {})
      .filter(([id]) => id !== 'debug')
      .map(([id, cfg]) => [id, (cfg as any).endpoint] as const);
    expect(endpoints.length).toBeGreaterThan(1);
    for (const [id, endpoint] of endpoints) {
      const url = new URL(endpoint.includes('://') ? endpoint : `tcp://${endpoint}`);
      const service = compose.services[url.hostname];
      expect(service, `${id}: ${url.hostname} is not a docker-compose service`).toBeDefined();
      const ports = [
        ...(service.ports ?? []).map((p: string) => String(p).split(':').at(-1)),
        ...(service.expose ?? []),
      ];
      expect(ports.map(String), `${id}: ${url.hostname} does not publish or expose ${url.port}`).toContain(
        url.port,
      );
    }
  });
});

describe('OTTL in every collector YAML file', () => {
  it.each(collectorYamls)('%s: every statement and condition parses', (file) => {
    const found = ottlStrings(read(file), { statements: [], conditions: [] });
    if (file !== 'otel-collector.yaml')
      expect(found.statements.length + found.conditions.length).toBeGreaterThan(0);
    for (const s of found.statements) expect(() => parseOttlStatement(s), s).not.toThrow();
    for (const c of found.conditions) expect(() => parseOttlCondition(c), c).not.toThrow();
  });

  it.each(optional)('%s defines only processors, documented in collector/README.md', (file) => {
    const doc = read(file);
    expect(Object.keys(doc)).toEqual(['processors']);
    const readme = readFileSync(join(root, 'collector/README.md'), 'utf8');
    expect(readme).toContain(file.replace('collector/', ''));
    for (const id of Object.keys(doc.processors)) expect(readme).toContain(id);
  });
});

describe('collector/cost-transform.yaml', () => {
  it('is what generateCostTransform() writes from the current price table (regenerate: npx vitest run collector -u)', async () => {
    await expect(generateCostTransform()).toMatchFileSnapshot('../cost-transform.yaml');
  });
});
