/** A bad price file. The message is one line: the file, the entry, the field, and the fix. */
export class PricingFileError extends Error {
  override name = 'PricingFileError';
  constructor(
    readonly file: string,
    readonly entry: string | undefined,
    readonly field: string | undefined,
    problem: string,
  ) {
    const where = [
      entry === undefined ? '' : `entry ${JSON.stringify(entry)}`,
      field === undefined ? '' : `field ${JSON.stringify(field)}`,
    ]
      .filter(Boolean)
      .join(': ');
    super(`pricing file ${file}: ${where ? `${where} ` : ''}${problem}`.replace(/\s+/g, ' ').trim());
  }
}

/** `(got "abc")` for the message, short and on one line. */
export function got(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return `(got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}
