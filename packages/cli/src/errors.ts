/** A bad command line (unknown flag, missing argument): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command ran and failed (unreachable server, invalid file, check failed): exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Exit code and the one line to print for anything a command throws. */
export function classifyError(err: unknown): { code: number; message: string } {
  if (err instanceof UsageError) return { code: EXIT_USAGE, message: err.message };
  if (err instanceof Error) return { code: EXIT_FAILURE, message: err.message.split('\n')[0] ?? err.name };
  return { code: EXIT_FAILURE, message: String(err) };
}
