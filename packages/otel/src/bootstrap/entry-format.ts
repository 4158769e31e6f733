import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, sep } from 'node:path';
import { Script } from 'node:vm';
import type { EsmHookMode } from '../config/types.js';

// Why this exists: on Node 20 the ESM loader hook (`module.register`) runs in a loader thread of its own, which
// costs about 80 ms and 12 MiB before the app runs a line, the whole start-up budget of the register entry. A
// CommonJS app loads `openai` with require(), which require-in-the-middle instruments without that thread; so
// under `auto` the hook is skipped when the entry file is certainly CommonJS. The one thing given up: a
// CommonJS app that reaches the SDKs through `import()` (their ESM builds); LLMCOST_ESM_HOOK=on covers it.
// Anything uncertain (no entry file, `-e`, an unknown extension, a loader flag, ESM syntax) keeps the hook.

export interface EntryInfo {
  /** process.argv[1]: the entry file as Node was given it (absolute), or undefined for `-e`, stdin, the REPL. */
  readonly main: string | undefined;
  /** process.execArgv and NODE_OPTIONS, where flags that change how the entry is read would be. */
  readonly flags: readonly string[];
}

/** Whether `--import @llmcost/otel/register` should register the import-in-the-middle loader hook. */
export function needsEsmLoaderHook(mode: EsmHookMode, entry: EntryInfo = currentEntry()): boolean {
  if (mode !== 'auto') return mode === 'on';
  try {
    return !isCommonJsEntry(entry);
  } catch {
    return true;
  }
}

function currentEntry(): EntryInfo {
  return {
    main: process.argv[1],
    flags: [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)],
  };
}

/**
 * True only when Node will certainly run the entry file as CommonJS, by Node's own rules
 * (https://nodejs.org/api/packages.html#determining-module-system): `.cjs`; or `.js` / no extension under a
 * package.json whose `type` is not `module`, and, when `type` is absent, no ESM syntax (Node 20.19+ and 22
 * detect it: https://nodejs.org/api/packages.html#syntax-detection).
 */
export function isCommonJsEntry({ main, flags }: EntryInfo): boolean {
  if (main === undefined || main === '') return false;
  // --experimental-default-type=module, --input-type, another --loader: the entry may not be read as usual.
  if (flags.some((f) => /default-type|input-type|loader/.test(f))) return false;
  const file = resolveEntry(main);
  if (file === undefined) return false;
  const ext = extname(file);
  if (ext === '.cjs') return true;
  if (ext !== '.js' && ext !== '') return false;
  const type = packageType(dirname(file));
  if (type === 'module') return false;
  if (type === 'commonjs') return true;
  return !hasModuleSyntax(readFileSync(file, 'utf8'), file);
}

/** The file Node's CommonJS loader runs for `node <main>` (`app` may mean `app.js` or `app/index.js`). */
function resolveEntry(main: string): string | undefined {
  try {
    return createRequire(join(process.cwd(), 'noop.js')).resolve(main);
  } catch {
    return undefined;
  }
}

/** `type` of the nearest package.json, as Node looks it up (stopping at a node_modules folder). */
function packageType(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (d.endsWith(`${sep}node_modules`)) return undefined;
    let text: string | undefined;
    try {
      text = readFileSync(join(d, 'package.json'), 'utf8');
    } catch {
      // none here: look further up
    }
    if (text !== undefined) {
      const type = (JSON.parse(text) as { type?: unknown }).type;
      return typeof type === 'string' ? type : undefined;
    }
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Whether the source only parses as a module (import/export statements, import.meta, top-level await): what
 * Node's syntax detection decides on. A source that fails to parse as a script for another reason (a
 * CommonJS top-level `return`) also counts as a module here: the safe side, the hook is kept.
 */
function hasModuleSyntax(source: string, filename: string): boolean {
  if (!/\b(import|export|await)\b/.test(source)) return false;
  try {
    new Script(source, { filename });
    return false;
  } catch {
    return true;
  }
}
