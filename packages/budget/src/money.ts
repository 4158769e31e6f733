/**
 * Money is held as integer nano-dollars (1e-9 USD) in every store, so counters add with INCRBY and never
 * drift the way summed floats do. A Redis Lua number is a double: integers are exact up to 2^53 nano-dollars,
 * about 9 million USD per counter, far above any single budget window.
 */
export const NANOS_PER_USD = 1_000_000_000;

/** A limit or an actual cost: nearest nano-dollar. */
export function usdToNanos(usd: number): number {
  return Math.round(usd * NANOS_PER_USD);
}

/** A reservation: rounded up, so the worst case is never under-reserved. */
export function usdToNanosCeil(usd: number): number {
  return Math.max(0, Math.ceil(usd * NANOS_PER_USD - 1e-6));
}

export function nanosToUsd(nanos: number): number {
  return nanos / NANOS_PER_USD;
}

/** `$0.05`, `$0.0125`, `$0.010005`, `$1234.50`: exact to the micro-dollar below $100, so two amounts in an
 * error message never look equal when they are not. */
export function formatUsd(usd: number): string {
  const fixed = usd.toFixed(Math.abs(usd) >= 100 ? 2 : 6);
  return `$${fixed.replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}
