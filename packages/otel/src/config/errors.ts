/**
 * A configuration problem, described in one line that names the variable (or file and field) and the
 * accepted values. The bootstrap prints `message` as is; it never reaches the app as an exception.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  /** `file` errors (pricing / budget files) stop the process; `env` errors leave the app uninstrumented. */
  constructor(
    message: string,
    readonly kind: 'env' | 'file' = 'env',
  ) {
    super(message);
  }
}

/** Keeps only the first line of a message, so a multi-line error from a loader stays one line. */
export function oneLine(message: string): string {
  return message.split('\n', 1)[0]!.trim();
}
