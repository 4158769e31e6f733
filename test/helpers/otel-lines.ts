import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './run-node.js';

/** The OpenTelemetry JS lines an app may be on, each a fixture with its SDK, API and provider SDK versions. */
export interface OtelLine {
  readonly id: 'current' | 'previous';
  readonly fixture: string;
  /** The lowest Node version the line's sdk-node declares (its `engines`). */
  readonly minNode: string;
  /** Installed versions of the fixture's dependencies, by package name. */
  readonly versions: Readonly<Record<string, string>>;
}

const installedVersion = (fixture: string, name: string): string =>
  JSON.parse(readFileSync(join(FIXTURES, fixture, 'node_modules', name, 'package.json'), 'utf8')).version;

function line(id: OtelLine['id'], fixture: string): OtelLine {
  const deps = Object.keys(
    JSON.parse(readFileSync(join(FIXTURES, fixture, 'package.json'), 'utf8')).dependencies,
  );
  const versions = Object.fromEntries(deps.map((d) => [d, installedVersion(fixture, d)]));
  const engines: string = JSON.parse(
    readFileSync(join(FIXTURES, fixture, 'node_modules/@opentelemetry/sdk-node/package.json'), 'utf8'),
  ).engines.node;
  // "^18.19.0 || >=20.6.0" or ">=22.15.0": the last lower bound is the one that matters from Node 20 on.
  const minNode = [...engines.matchAll(/>=\s*(\d+\.\d+\.\d+)/g)].at(-1)?.[1] ?? '0.0.0';
  return { id, fixture, minNode, versions };
}

export const OTEL_LINES: readonly OtelLine[] = [
  line('current', 'otel-sdk-3x'),
  line('previous', 'otel-sdk-2x'),
];

const parts = (v: string) => v.replace(/^v/, '').split('.').map(Number) as [number, number, number];

/** Whether Node `version` (default: this process's) satisfies `>= min`. */
export function nodeAtLeast(min: string, version = process.versions.node): boolean {
  const [a, b, c] = parts(version);
  const [x, y, z] = parts(min);
  return a !== x ? a > x : b !== y ? b > y : c >= z;
}
