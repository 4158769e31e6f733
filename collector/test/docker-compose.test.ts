// docker-compose.yml cannot be started here (no container engine): check its structure and that every
// address one service uses to reach another names a service and a port that service listens on.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const load = (rel: string) => parse(readFileSync(join(root, rel), 'utf8'), { merge: true });
const compose = load('docker-compose.yml');
const services: Record<string, any> = compose.services;

/** Container-side ports a service publishes or exposes. */
const portsOf = (name: string): string[] => [
  ...(services[name]?.ports ?? []).map((p: string) => String(p).split(':').at(-1)!),
  ...(services[name]?.expose ?? []).map(String),
];
const expectReachable = (where: string, hostPort: string) => {
  const url = new URL(hostPort.includes('://') ? hostPort : `tcp://${hostPort}`);
  expect(services[url.hostname], `${where}: ${url.hostname} is not a docker-compose service`).toBeDefined();
  expect(portsOf(url.hostname), `${where}: ${url.hostname} does not listen on ${url.port}`).toContain(
    url.port,
  );
};

describe('docker-compose.yml', () => {
  it('runs the whole stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'alertmanager',
        'build',
        'demo',
        'grafana',
        'mock-llm',
        'otel-collector',
        'prometheus',
        'redis',
        'tempo',
      ].sort(),
    );
  });

  it.each(Object.keys(services))('%s uses a pinned image', (name) => {
    const image: string = services[name].image;
    const tag = image.split(':')[1] ?? '';
    expect(tag, `${name}: ${image}`).toMatch(/\d+\.\d+/);
    expect(tag).not.toMatch(/latest/);
  });

  it('publishes the ports people open', () => {
    const published = {
      'otel-collector': ['4317', '4318', '13133'],
      grafana: ['3000'],
      prometheus: ['9090'],
      alertmanager: ['9093'],
      tempo: ['3200'],
      'mock-llm': ['8787'],
      redis: ['6379'],
    };
    for (const [name, ports] of Object.entries(published)) {
      for (const p of ports) expect(portsOf(name), name).toContain(p);
    }
  });

  it('depends_on names existing services, without cycles', () => {
    const deps = (name: string): string[] => {
      const d = services[name].depends_on ?? [];
      return Array.isArray(d) ? d : Object.keys(d);
    };
    for (const name of Object.keys(services))
      for (const d of deps(name)) expect(services, `${name} -> ${d}`).toHaveProperty(d);
    const visit = (name: string, path: string[]) => {
      expect(path, `cycle ${[...path, name].join(' -> ')}`).not.toContain(name);
      for (const d of deps(name)) visit(d, [...path, name]);
    };
    for (const name of Object.keys(services)) visit(name, []);
    expect(services.demo.depends_on.build.condition).toBe('service_completed_successfully');
    expect(services['mock-llm'].depends_on.build.condition).toBe('service_completed_successfully');
  });

  it('every mounted host path exists in the repository', () => {
    const mounts = Object.entries(services).flatMap(([name, s]) =>
      (s.volumes ?? []).map((v: string) => [name, v.split(':')[0]!] as const),
    );
    expect(mounts.length).toBeGreaterThan(5);
    for (const [name, host] of mounts) {
      if (!host.startsWith('.')) continue; // named volumes
      expect(existsSync(join(root, host)), `${name} mounts ${host}, missing from the repository`).toBe(true);
    }
  });

  it('the demo runs under the register hook against mock-llm and the collector', () => {
    const demo = services.demo;
    expect(demo.command).toEqual(['node', '--import', '@llmcost/otel/register', 'app.mjs']);
    expect(demo.working_dir).toBe('/repo/examples/demo');
    // @llmcost/otel must resolve from the demo's working directory
    expect(existsSync(join(root, 'examples/demo/node_modules/@llmcost/otel'))).toBe(true);
    expect(demo.environment).toMatchObject({
      DEMO_LOOP: 'true',
      OPENAI_BASE_URL: 'http://mock-llm:8787/v1',
      ANTHROPIC_BASE_URL: 'http://mock-llm:8787',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
    });
    for (const key of [
      'OPENAI_BASE_URL',
      'ANTHROPIC_BASE_URL',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'LLMCOST_REDIS_URL',
    ]) {
      expectReachable(`demo ${key}`, demo.environment[key]);
    }
    expect(services['mock-llm'].command).toEqual([
      'node',
      'packages/mock-llm/dist/bin.js',
      '--host',
      '0.0.0.0',
      '--port',
      '8787',
    ]);
  });

  it('the collector loads both config files it is given', () => {
    const c = services['otel-collector'];
    const targets = c.volumes.map((v: string) => v.split(':')[1]);
    for (const arg of c.command) expect(targets).toContain(arg.replace('--config=', ''));
  });

  it('prometheus runs the shipped config with the remote-write receiver; its targets are services', () => {
    const p = services.prometheus;
    expect(p.command).toContain('--web.enable-remote-write-receiver');
    expect(p.command).toContain('--config.file=/etc/prometheus/llmcost/prometheus.yml');
    expect(p.volumes).toContain('./dashboards/prometheus:/etc/prometheus/llmcost:ro');
    const prom = load('dashboards/prometheus/prometheus.yml');
    for (const am of prom.alerting.alertmanagers)
      for (const sc of am.static_configs)
        for (const t of sc.targets) expectReachable('alertmanager target', t);
    for (const job of prom.scrape_configs)
      for (const sc of job.static_configs)
        for (const t of sc.targets)
          if (!t.startsWith('localhost')) expectReachable(`scrape ${job.job_name}`, t);
  });

  it('tempo remote-writes its generated metrics to prometheus', () => {
    const tempo = load('collector/tempo.yaml');
    for (const rw of tempo.metrics_generator.storage.remote_write)
      expectReachable('tempo remote_write', rw.url);
    expect(portsOf('tempo')).toContain(String(tempo.server.http_listen_port));
  });

  it('grafana datasources point at services', () => {
    const ds = load('dashboards/grafana/provisioning/datasources/datasources.yaml');
    for (const d of ds.datasources) expectReachable(`grafana datasource ${d.name}`, d.url);
    const home = services.grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH as string;
    const mount = services.grafana.volumes.find((v: string) => home.startsWith(v.split(':')[1]!));
    expect(mount, 'the home dashboard path is inside a mounted folder').toBeDefined();
    const [host, target] = mount.split(':');
    expect(existsSync(join(root, host, home.slice(target.length)))).toBe(true);
  });
});
