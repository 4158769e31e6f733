import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends Options> = O & { help: { type: 'boolean'; short: 'h' } };
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: WithHelp<O>; allowPositionals: boolean; strict: true }>
>;

/**
 * `node:util` parseArgs in strict mode, with its errors turned into one-line usage errors that name the
 * command and point at its help. Every command accepts `--help`.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  positionals = 0,
): Parsed<O> {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as WithHelp<O>,
      allowPositionals: positionals > 0,
      strict: true,
    });
    if (!(parsed.values as { help?: boolean }).help && parsed.positionals.length > positionals) {
      throw new UsageError(
        `llmcost ${command}: unexpected argument '${parsed.positionals[positionals]}' (see llmcost ${command} --help)`,
      );
    }
    return parsed;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // parseArgs messages are several sentences ("Unknown option '--x'. To specify a positional ..."): keep the first.
    const first = ((err as Error).message.split('\n')[0] ?? '').split('. ')[0]!.replace(/\.$/, '');
    const message = first.charAt(0).toLowerCase() + first.slice(1);
    throw new UsageError(`llmcost ${command}: ${message} (see llmcost ${command} --help)`);
  }
}

/** A flag that must be a positive integer. */
export function positiveInt(command: string, flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new UsageError(`llmcost ${command}: --${flag} must be a positive integer, got '${raw}'`);
  }
  return n;
}

/** A flag restricted to a few values. */
export function oneOf<T extends string>(
  command: string,
  flag: string,
  raw: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (raw === undefined) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(`llmcost ${command}: --${flag} must be one of ${allowed.join(', ')}, got '${raw}'`);
}
