import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FIXTURES, REPO_ROOT } from './run-node.js';

// Why: in the workspace, pnpm links @llmcost/otel to packages/otel, so the bundle resolves
// packages/otel/node_modules/@opentelemetry/api whatever the app uses. Installed from the registry, it resolves the
// APP's copy (a peer dependency), which is what makes it work with each @opentelemetry/api version and each SDK
// line. So the version tests run from this: an npm-style node_modules in a temporary folder with the app's
// dependencies (a fixture's, as pnpm installed them) at the top, and copies of the built @llmcost packages
// (package.json + dist) whose own `dependencies` (never peers) are nested under them, as npm nests a conflict.

const OURS = ['otel', 'budget', 'pricing'] as const;

export interface Layout {
  /** The app folder: put app files here and run node with it as cwd. */
  readonly dir: string;
  remove(): void;
}

/** Symlinks every package of `from` (a node_modules folder) into `to`, scoped ones one by one. */
function linkAll(from: string, to: string, skip: (name: string) => boolean): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (name.startsWith('.') || skip(name)) continue;
    if (name.startsWith('@')) {
      for (const child of readdirSync(join(from, name))) {
        if (skip(`${name}/${child}`)) continue;
        mkdirSync(join(to, name), { recursive: true });
        symlinkSync(realpathSync(join(from, name, child)), join(to, name, child), 'dir');
      }
    } else {
      symlinkSync(realpathSync(join(from, name)), join(to, name), 'dir');
    }
  }
}

/**
 * @param fixture a folder of test/fixtures whose installed dependencies are the app's
 * @param workspaceLinks link @llmcost/* to the workspace packages instead (the way this repository resolves them:
 *   the bundle then keeps packages/otel's own @opentelemetry/api, a second copy when the app's differs)
 */
export function installedLayout(fixture: string, { workspaceLinks = false } = {}): Layout {
  const dir = mkdtempSync(join(tmpdir(), `llmcost-${fixture}-`));
  const modules = join(dir, 'node_modules');
  linkAll(join(FIXTURES, fixture, 'node_modules'), modules, (name) => name === '@llmcost');
  mkdirSync(join(modules, '@llmcost'));
  for (const name of OURS) {
    const source = join(REPO_ROOT, 'packages', name);
    const target = join(modules, '@llmcost', name);
    if (workspaceLinks) {
      symlinkSync(source, target, 'dir');
      continue;
    }
    mkdirSync(target);
    cpSync(join(source, 'package.json'), join(target, 'package.json'));
    cpSync(join(source, 'dist'), join(target, 'dist'), { recursive: true });
    const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    // Its `dependencies` only: a peer (@opentelemetry/api) resolves from the app's top level, as installed.
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      if (dep.startsWith('@llmcost/')) continue;
      const link = join(target, 'node_modules', dep);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(realpathSync(join(source, 'node_modules', dep)), link, 'dir');
    }
  }
  // A peer the app does not have is installed at the top, as npm (7+) and pnpm (autoInstallPeers) do; an optional
  // one (an exporter, the tokenizer, ioredis) is not, as neither does.
  for (const name of OURS) {
    const source = join(REPO_ROOT, 'packages', name);
    const pkg = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    for (const peer of Object.keys(pkg.peerDependencies ?? {})) {
      const link = join(modules, peer);
      if (existsSync(link) || pkg.peerDependenciesMeta?.[peer]?.optional) continue;
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(realpathSync(join(source, 'node_modules', peer)), link, 'dir');
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
