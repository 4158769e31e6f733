// What a published package declares against what its built `dist` really loads (issue 15 §2, issue 17 §1): tsup
// bundles most of the OpenTelemetry SDK into @llmcost/otel, so a dependency that the bundle does not load (or the
// types do not name) only makes `npm install` bigger, and a package the bundle loads but nobody declared breaks
// the install. Reads the build (run `npx -y pnpm@10 run build` first, as the test command does).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONAL_PEERS } from '../packages/otel/src/bootstrap/optional-peers.js';
import { REPO_ROOT } from './helpers/run-node.js';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
const BUILTINS = new Set(builtinModules);
const isBare = (s: string) => !s.startsWith('.') && !s.startsWith('node:') && !BUILTINS.has(packageName(s));

/** Packages the built files load: static and dynamic imports, require()s, and the lazily required exporter maps. */
function loadedBy(dir: string): { code: Set<string>; types: Set<string> } {
  const code = new Set<string>();
  const types = new Set<string>();
  for (const file of readdirSync(join(REPO_ROOT, 'packages', dir, 'dist'))) {
    const text = readFileSync(join(REPO_ROOT, 'packages', dir, 'dist', file), 'utf8');
    const into =
      file.endsWith('.d.ts') || file.endsWith('.d.cts') ? types : file.endsWith('.map') ? undefined : code;
    if (into === undefined) continue;
    const patterns = [
      /\brequire\("([^"]+)"\)/g,
      /\bimport\("([^"]+)"\)/g,
      /\bfrom ['"]([^'"]+)['"]/g,
      /\blazyRequire\("([^"]+)"\)/g,
      // OTLP exporter per protocol (bootstrap/span-exporters.ts and its siblings), required on first export.
      /(?:"http\/protobuf"|"http\/json"|grpc): "([^"]+)"/g,
    ];
    for (const pattern of patterns) {
      for (const [, specifier] of text.matchAll(pattern))
        if (isBare(specifier!)) into.add(packageName(specifier!));
    }
  }
  return { code, types };
}

const PACKAGES = ['otel', 'pricing', 'budget'] as const;

describe.each(PACKAGES)('@llmcost/%s', (dir) => {
  const manifest = JSON.parse(
    readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8'),
  ) as Manifest;
  const { code, types } = loadedBy(dir);
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);

  it('declares every package its dist loads', () => {
    expect([...code, ...types].filter((p) => p !== manifest.name && !declared.has(p))).toEqual([]);
  });

  it('depends only on packages its dist loads or its types name (what tsup bundles is a devDependency)', () => {
    expect(Object.keys(manifest.dependencies ?? {}).filter((p) => !code.has(p) && !types.has(p))).toEqual([]);
  });
});

describe('optional peers', () => {
  const manifest = (dir: string) =>
    JSON.parse(readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
  const optional = (m: Manifest) =>
    Object.keys(m.peerDependencies ?? {}).filter((p) => m.peerDependenciesMeta?.[p]?.optional);

  it('@llmcost/otel: the gRPC and Prometheus exporters, with the version its error line asks for', () => {
    const otel = manifest('otel');
    expect(optional(otel).sort()).toEqual(Object.keys(OPTIONAL_PEERS).sort());
    for (const [id, version] of Object.entries(OPTIONAL_PEERS))
      expect(otel.peerDependencies?.[id]).toBe(`^${version}.0`);
  });

  it('@llmcost/pricing: gpt-tokenizer; @llmcost/budget: ioredis', () => {
    expect(optional(manifest('pricing'))).toEqual(['gpt-tokenizer']);
    expect(optional(manifest('budget'))).toEqual(['ioredis']);
  });
});
