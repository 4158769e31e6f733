/**
 * Number formatting shared by the commands' text output. JSON output keeps the raw numbers. Thousands are
 * grouped here rather than by `toLocaleString('en-US')`, whose first call sets up ICU number formatting: a few
 * milliseconds of every command's start-up, for commas.
 */

/** Digits of a whole number with a comma every three (`1234567` -> `1,234,567`). */
function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A non-negative number with exactly two decimals, rounded half up from its shortest decimal form (`0.015`
 * -> `0.02`), as `toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })` does.
 */
function twoDecimals(abs: number): string {
  const text = String(abs);
  if (text.includes('e'))
    return abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.length <= 2) return `${grouped(whole)}.${fraction.padEnd(2, '0')}`;
  const cents = BigInt(whole + fraction.slice(0, 2)) + (fraction.charCodeAt(2) >= 0x35 ? 1n : 0n);
  const digits = cents.toString().padStart(3, '0');
  return `${grouped(digits.slice(0, -2))}.${digits.slice(-2)}`;
}

/** Dollars with cents, or three significant digits for sub-cent amounts. */
export function usd(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '$0.00';
  if (abs < 0.01) return `${value < 0 ? '-' : ''}$${abs.toPrecision(3)}`;
  return `${value < 0 ? '-' : ''}$${twoDecimals(abs)}`;
}

/** A per-call amount: four decimals below a dollar, three significant digits below a cent. */
export function usdPerCall(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1) return usd(value);
  if (abs >= 0.01 || abs === 0) return `$${value.toFixed(4)}`;
  return `$${value.toPrecision(3)}`;
}

/** A rate as the price table writes it, USD per 1M tokens (the unit every provider publishes). */
export function perMillionRate(usdPerMillion: number | undefined): string {
  if (usdPerMillion === undefined) return '-';
  return `$${Number(usdPerMillion.toPrecision(6))}`;
}

export function int(value: number): string {
  const n = Math.round(value);
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  return n < 0 ? `-${grouped(String(-n))}` : grouped(String(n));
}

export function pct(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '-';
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function signedPct(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return 'new';
  return `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`;
}

/** `2026-11-10 14:00 UTC` from an ISO timestamp. */
export function utcTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** A byte count in B, kB, MB or GB (powers of 1000, as `ls -h --si` and download tools print them). */
export function bytes(value: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** A duration as hours below two days, otherwise days (at most two decimals). */
export function duration(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 48) return `${Number(hours.toFixed(2))} hours`;
  return `${Number((hours / 24).toFixed(2))} days`;
}
