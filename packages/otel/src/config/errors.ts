/**
 * A configuration problem, described in one line that names the variable (or file and field) and the
 * accepted values. The bootstrap prints `message` as is; it never reaches the app as an exception.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  /**
   * `file` (a bad pricing or budget file) and `fatal` (a setting that protects privacy or the budget, such as an
   * empty LLMCOST_USER_ID_HASH) stop the process at start-up; `env` errors turn telemetry off (see read.ts).
   */
  constructor(
    message: string,
    readonly kind: 'env' | 'file' | 'fatal' = 'env',
    /** The environment variable at fault, when there is one. */
    readonly variable?: string,
  ) {
    super(message);
  }

  /** Whether the process must not start with this problem. */
  get stopsStart(): boolean {
    return this.kind !== 'env';
  }
}

/** Keeps only the first line of a message, so a multi-line error from a loader stays one line. */
export function oneLine(message: string): string {
  return message.split('\n', 1)[0]!.trim();
}
