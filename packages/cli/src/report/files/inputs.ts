import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { CliError } from '../../errors.js';

export interface InputFile {
  path: string;
  /** Size on disk (compressed size for gzip files): the unit of the progress bar. */
  size: number;
}

/**
 * Expands paths and glob patterns into the files to read, in argument order (a glob's matches sorted, so the
 * order and the reported line numbers do not depend on the file system), each file once. A path that does not
 * exist, is not a readable file, or a pattern that matches nothing is an error: a report silently built from
 * fewer files than asked for would understate spend.
 */
export async function expandInputs(patterns: readonly string[]): Promise<InputFile[]> {
  if (patterns.length === 0)
    throw new CliError('report: no input files given; pass OTLP JSON files or globs');
  const seen = new Set<string>();
  const files: InputFile[] = [];
  for (const pattern of patterns) {
    const paths = (await isGlob(pattern)) ? await expandGlob(pattern) : [pattern];
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      files.push({ path, size: await fileSize(path) });
    }
  }
  return files;
}

/** Characters without which a pattern is a plain path (picomatch's syntax: wildcards, classes, braces,
 * extglobs, negation). */
const GLOB_CHARACTERS = /[*?[\]{}()!+@]/;

/** Whether `pattern` is a glob; the glob library is loaded only when a pattern may be one. */
async function isGlob(pattern: string): Promise<boolean> {
  if (!GLOB_CHARACTERS.test(pattern)) return false;
  const { isDynamicPattern } = await import('tinyglobby');
  return isDynamicPattern(pattern);
}

async function expandGlob(pattern: string): Promise<string[]> {
  const { glob } = await import('tinyglobby');
  const matches = await glob(pattern, {
    onlyFiles: true,
    // Matches are spelled like the pattern (absolute, or relative to the working directory).
    absolute: isAbsolute(pattern),
    expandDirectories: false,
    dot: true,
  });
  if (matches.length === 0) {
    throw new CliError(
      `${pattern}: the pattern matches no file; check the path (quote globs so the shell does not expand them)`,
    );
  }
  return matches.sort();
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile())
      throw new CliError(`${path}: not a file; pass OTLP JSON files or a glob such as 'dir/*.jsonl'`);
    return s.size;
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? err);
    throw new CliError(`${path}: cannot read the file (${why}); check the path`);
  }
}
