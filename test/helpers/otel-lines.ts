import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedVersion, minNodeOf } from './node-version.js';
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

function line(id: OtelLine['id'], fixture: string): OtelLine {
  const deps = Object.keys(
    JSON.parse(readFileSync(join(FIXTURES, fixture, 'package.json'), 'utf8')).dependencies,
  );
  const versions = Object.fromEntries(deps.map((d) => [d, installedVersion(fixture, d)]));
  return { id, fixture, minNode: minNodeOf(fixture, '@opentelemetry/sdk-node'), versions };
}

export const OTEL_LINES: readonly OtelLine[] = [
  line('current', 'otel-sdk-3x'),
  line('previous', 'otel-sdk-2x'),
];
