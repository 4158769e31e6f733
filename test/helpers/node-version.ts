import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './run-node.js';

const parts = (v: string) => v.replace(/^v/, '').split('.').map(Number) as [number, number, number];

/** Whether Node `version` (default: this process's) satisfies `>= min`. */
export function nodeAtLeast(min: string, version = process.versions.node): boolean {
  const [a, b, c] = parts(version);
  const [x, y, z] = parts(min);
  return a !== x ? a > x : b !== y ? b > y : c >= z;
}

/** The version of a package as installed in a fixture. */
export function installedVersion(fixture: string, name: string): string {
  return JSON.parse(readFileSync(join(FIXTURES, fixture, 'node_modules', name, 'package.json'), 'utf8'))
    .version;
}

/**
 * The lowest Node a package installed in a fixture declares (`engines.node`; "^18.19.0 || >=20.6.0" gives
 * 20.6.0, ">=22" 22.0.0: from Node 20 on, the last lower bound is the one that matters), or 20.0.0 when it declares none.
 */
export function minNodeOf(fixture: string, name: string): string {
  const engines: string | undefined = JSON.parse(
    readFileSync(join(FIXTURES, fixture, 'node_modules', name, 'package.json'), 'utf8'),
  ).engines?.node;
  const min = [...(engines ?? '').matchAll(/>=\s*(\d+(?:\.\d+){0,2})/g)].at(-1)?.[1] ?? '20';
  return [...min.split('.'), '0', '0'].slice(0, 3).join('.');
}
