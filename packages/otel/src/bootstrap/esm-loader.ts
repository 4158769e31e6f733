import { type RegisterOptions, register } from 'node:module';

/** What `createAddHookMessageChannel` gives: the list of modules to wrap, and its port. */
export interface LoaderOptions {
  data?: object;
  transferList?: readonly unknown[];
}

/**
 * Registers import-in-the-middle's ESM loader hook the cheapest way the running Node allows: in the app's
 * thread (`module.registerHooks` with import-in-the-middle's synchronous hooks: Node >= 22.22.3, 24.11.1, 25.1),
 * which starts no loader thread (~80 ms and 12 MiB on Node 20) and makes no cross-thread round trip per imported
 * module; else `module.register` (Node 20 and older 22 / 24; deprecated from Node 26, DEP0205). `parentURL`
 * decides which copy of import-in-the-middle is registered: it must be the one `Hook` comes from.
 */
export async function registerEsmLoader(parentURL: string, options: LoaderOptions = {}): Promise<void> {
  if (Number.parseInt(process.versions.node, 10) >= 22) {
    const hooks = await import('import-in-the-middle/register-hooks.mjs');
    if (hooks.supportsSyncHooks()) {
      hooks.register(options.data as Parameters<typeof hooks.register>[0]);
      return;
    }
  }
  register('import-in-the-middle/hook.mjs', parentURL, options as RegisterOptions<unknown>);
}
