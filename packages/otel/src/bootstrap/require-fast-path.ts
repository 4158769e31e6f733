import { createRequire } from 'node:module';
import { sep } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';

// Why: require-in-the-middle (through @opentelemetry/instrumentation) sees every require() of the process and, to
// learn which package and file it loads, resolves it again and then resolves that package's entry point too: two
// more module resolutions (file system lookups) per require. A relative require made inside a package under
// node_modules loads a file of that package, which only a hook on that package's internal FILES can want; ours hook
// package entry points only (and a relative require of a package's own entry needs no hook either: the app's own
// require of the package is what patches it, and require-in-the-middle does that from Node's module cache). So such
// requires skip the hook: `openai` alone makes a few hundred of them at start-up.

type RequireFn = (this: NodeJS.Module, id: string) => unknown;
interface ModuleProto {
  require: RequireFn;
}

const NODE_MODULES = `${sep}node_modules${sep}`;

/** The package a file under node_modules belongs to (`openai`, `@scope/name`), or undefined. */
export function packageOf(filename: string): string | undefined {
  const at = filename.lastIndexOf(NODE_MODULES);
  if (at === -1) return undefined;
  const rest = filename.slice(at + NODE_MODULES.length).split(sep);
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

/** Packages whose internal files some instrumentation hooks: their relative requires keep going through the hook. */
export function packagesWithFileHooks(instrumentations: readonly Instrumentation[]): Set<string> {
  const out = new Set<string>();
  for (const i of instrumentations) {
    const definitions = (
      i as { getModuleDefinitions?: () => { name: string; files?: unknown[] }[] }
    ).getModuleDefinitions?.();
    if (definitions === undefined) {
      // Not an InstrumentationBase we can read: keep every relative require hooked.
      out.add('*');
      continue;
    }
    for (const d of definitions) if ((d.files?.length ?? 0) > 0) out.add(d.name);
  }
  return out;
}

const moduleProto = (): ModuleProto =>
  (createRequire(import.meta.url)('node:module') as { prototype: ModuleProto }).prototype;

/**
 * Installs the fast path over the require hook. `below` is `Module.prototype.require` as it was before the
 * instrumentations were created (Node's, or another hook's). Does nothing when no hook was installed since, or
 * when some instrumentation hooks internal files of every package.
 */
export function skipHookForRelativeRequiresInPackages(
  below: RequireFn,
  fileHooked: ReadonlySet<string>,
): void {
  const proto = moduleProto();
  const hooked = proto.require;
  if (hooked === below || fileHooked.has('*')) return;
  const skipFrom = new Map<string, boolean>();
  const skips = (parent: string | undefined): boolean => {
    if (parent === undefined) return false;
    let skip = skipFrom.get(parent);
    if (skip === undefined) {
      const pkg = packageOf(parent);
      skip = pkg !== undefined && !fileHooked.has(pkg);
      skipFrom.set(parent, skip);
    }
    return skip;
  };
  proto.require = function require(this: NodeJS.Module, id: string) {
    if (typeof id === 'string' && id.charCodeAt(0) === 46 /* . */ && !id.includes('node_modules')) {
      if (skips(this?.filename)) return below.call(this, id);
    }
    return hooked.call(this, id);
  };
}

/** `Module.prototype.require` now, to pass to skipHookForRelativeRequiresInPackages later. */
export function currentRequire(): RequireFn {
  return moduleProto().require;
}
