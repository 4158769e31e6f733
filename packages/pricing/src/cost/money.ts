/**
 * Exact money. Amounts are integer femto-USD (1e-15 USD) held in BigInt.
 *
 * Why femto: a table rate is USD per 1M tokens with at most 9 decimals ($0.075/1M, $0.01875/1M, ...), so
 * rate(USD/1M) * 1e9 is an integer number of femto-USD per token, and tokens * that rate is an exact integer
 * cost. BigInt because a month of sums passes 2^53 femto-USD (~$9) quickly; BigInt addition is exact at any size.
 */

export const FEMTO_PER_USD = 1_000_000_000_000_000n;
/** Scale of a USD-per-1M-tokens rate to femto-USD per token: 1e15 / 1e6. */
export const RATE_SCALE_DIGITS = 9;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal number (a JSON number or its text) times 10^scale as an integer, exactly when it can be, else
 * rounded half up. `exact` tells which. Reads the shortest round-trip text of a JS number, so `0.075` is
 * exactly 75/1000 and `3.3e-7` exactly 33/10^8, with no binary-float error.
 */
export function scaleDecimal(
  value: number | string,
  scale: number,
): { value: bigint; exact: boolean } | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0') + scale - frac.length;
  let digits = BigInt(`${intPart}${frac}` || '0');
  if (exp >= 0) return { value: sign * digits * 10n ** BigInt(exp), exact: true };
  const div = 10n ** BigInt(-exp);
  const q = digits / div;
  const r = digits % div;
  digits = r * 2n >= div ? q + 1n : q;
  return { value: sign * digits, exact: r === 0n };
}

/** Rate in USD per 1M tokens -> integer femto-USD per token (rounded half up past 9 decimals). */
export function ratePerMillionToFemto(usdPerMillion: number): bigint {
  const scaled = scaleDecimal(usdPerMillion, RATE_SCALE_DIGITS);
  if (!scaled) throw new RangeError(`not a decimal rate: ${usdPerMillion}`);
  return scaled.value;
}

/** Integer femto-USD per token -> USD per 1M tokens as a plain number (for display and listPrices). */
export function femtoRateToPerMillion(femtoPerToken: bigint): number {
  return Number(formatScaled(femtoPerToken, RATE_SCALE_DIGITS));
}

/** Exact decimal text of an integer scaled by 10^-digits, without trailing zeros: 123375n, 9 -> "0.000123375".
 * A number must be an integer below 2^53 (its `String` is then its exact digits). */
export function formatScaled(value: bigint | number, digits: number): string {
  const negative = value < 0;
  const abs = String(negative ? -value : value).padStart(digits + 1, '0');
  const point = abs.length - digits;
  let end = abs.length;
  while (end > point && abs.charCodeAt(end - 1) === 48 /* '0' */) end--;
  const intPart = abs.slice(0, point);
  return `${negative ? '-' : ''}${intPart}${end > point ? `.${abs.slice(point, end)}` : ''}`;
}

/** Exact USD decimal string of a femto-USD amount. */
export function femtoToDecimalString(femto: bigint): string {
  return formatScaled(femto, 15);
}

const EXACT_DOUBLE = 2n ** 53n;

/** The double nearest to the exact amount. Below 2^53 both the amount and 1e15 are exact doubles, so one IEEE
 * division rounds once; above, JS decimal-to-double conversion (also correctly rounded) does it. */
export function femtoToUsd(femto: bigint): number {
  if (femto < EXACT_DOUBLE && femto > -EXACT_DOUBLE) return Number(femto) / 1e15;
  return Number(`${femto}e-15`);
}

/** A USD float as femto-USD, through its shortest decimal text (for sums that mix in external floats). */
export function usdToFemto(usd: number): bigint {
  return scaleDecimal(usd, 15)?.value ?? 0n;
}
