import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Why: every copy of @opentelemetry/api finds the SDK through one global slot, and a copy ignores an SDK that an
// OLDER minor version registered (api/src/internal/semver.ts: compatible when the major is the same and the
// reader's minor is not greater). So an app whose own @opentelemetry/api is newer than the copy @llmcost/otel
// resolves loses its own spans and the baggage it sets (register case), and with the app's own SDK an llmcost
// copy newer than the app's cannot read the app's context. Package managers give one copy when the app's
// version is inside our peer range; this says so, once, when it is not.

export interface ApiCopy {
  readonly root: string;
  readonly version: string;
}

/** Who registered the global SDK: llmcost (the register entry, startLlmcost) or the app (its own NodeSDK). */
export type SdkOwner = 'llmcost' | 'app';

/** The @opentelemetry/api package that `require` from `from` (a file path or URL) resolves, if any. */
export function resolveApiCopy(from: string): ApiCopy | undefined {
  try {
    const main = realpathSync(createRequire(from).resolve('@opentelemetry/api'));
    // 1.10 exports no ./package.json: walk up from the resolved file instead.
    for (let dir = dirname(main); dir !== dirname(dir); dir = dirname(dir)) {
      let pkg: { name?: unknown; version?: unknown } | undefined;
      try {
        pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      if (pkg?.name === '@opentelemetry/api' && typeof pkg.version === 'string') {
        return { root: dir, version: pkg.version };
      }
    }
  } catch {
    // not resolvable from there: no copy to compare
  }
  return undefined;
}

const parse = (v: string) => /^(\d+)\.(\d+)\.(\d+)(-.+)?$/.exec(v);

/** Whether API `reader` accepts an SDK registered through API `registrar` (the API's own rule). */
export function accepts(reader: string, registrar: string): boolean {
  if (reader === registrar) return true;
  const r = parse(reader);
  const g = parse(registrar);
  if (!r || !g || r[4] !== undefined || g[4] !== undefined) return false;
  return r[1] === g[1] && Number(r[2]) <= Number(g[2]);
}

/** The one line to print, or undefined when the app and llmcost see the same SDK. */
export function secondCopyMessage(app: ApiCopy, ours: ApiCopy, owner: SdkOwner): string | undefined {
  if (app.root === ours.root) return undefined;
  const broken =
    owner === 'llmcost' ? !accepts(app.version, ours.version) : !accepts(ours.version, app.version);
  if (!broken) return undefined;
  const effect =
    owner === 'llmcost'
      ? `${app.version} ignores the SDK llmcost registers with ${ours.version}, so the app's own spans and the baggage it sets are lost`
      : `llmcost's ${ours.version} cannot read the SDK the app registers with ${app.version}, so LLM spans lose their parent and attribution`;
  return (
    `llmcost: two copies of @opentelemetry/api: the app's ${app.version} (${app.root}) and llmcost's ${ours.version} ` +
    `(${ours.root}); ${effect}. Fix: install one copy (npm dedupe, or pin @opentelemetry/api to one version ` +
    '>=1.9.0 <1.11.0 in your package manager\'s "overrides")'
  );
}

let checked = false;

/**
 * Compares the app's @opentelemetry/api (resolved from its entry file, or the working directory for `-e`)
 * with llmcost's, once per process, and prints one line on stderr when they cannot share the SDK. Never throws.
 */
export function warnOnSecondApiCopy(owner: SdkOwner): void {
  if (checked) return;
  checked = true;
  try {
    const entry = process.argv[1];
    const appFrom = entry ? pathToFileURL(entry).href : pathToFileURL(join(process.cwd(), 'noop.js')).href;
    const app = resolveApiCopy(appFrom);
    const ours = resolveApiCopy(import.meta.url);
    const message = app && ours ? secondCopyMessage(app, ours, owner) : undefined;
    if (message) console.error(message);
  } catch {
    // a check must never stop the app
  }
}
