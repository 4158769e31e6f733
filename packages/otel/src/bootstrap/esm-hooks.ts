import { createRequire } from 'node:module';
import type { Hook as IitmHook } from 'import-in-the-middle';

// Stands in for import-in-the-middle inside the bundle (tsup.config.ts alias), where only
// @opentelemetry/instrumentation uses it, for `new Hook(...)`. Without an ESM loader hook registered, a Hook is
// never called; and loading the package costs node:worker_threads and node:stream at start-up. So it loads on the
// first Hook, and not at all when the register entry registered no loader (a CommonJS entry file,
// entry-format.ts). The real package, by name from here, is the instance the loader's wrappers import.
type IitmModule = { Hook: typeof IitmHook };

let noLoader = false;
let iitm: IitmModule | undefined;

/** The register entry registered no ESM loader hook: Hooks would never fire. */
export function withoutEsmLoader(): void {
  noLoader = true;
}

export function Hook(...args: ConstructorParameters<typeof IitmHook>): { unhook(): void } {
  if (noLoader) return { unhook() {} };
  iitm ??= createRequire(import.meta.url)('import-in-the-middle') as IitmModule;
  return new iitm.Hook(...args);
}
