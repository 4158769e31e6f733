/**
 * HyperLogLog distinct count (Flajolet et al. 2007, with the small-range linear counting correction):
 * 2^14 one-byte registers, standard error 1.04 / sqrt(2^14) = 0.8%. Used only once the exact user map is full.
 */
export class DistinctCount {
  static readonly P = 14;
  readonly #registers = new Uint8Array(1 << DistinctCount.P);

  add(key: string): void {
    const h = hash32(key);
    const index = h >>> (32 - DistinctCount.P);
    // Rank of the first set bit in the remaining 18 bits (1-based); all-zero gives 19.
    const rest = (h << DistinctCount.P) | (1 << (DistinctCount.P - 1));
    const rank = Math.clz32(rest) + 1;
    if (rank > this.#registers[index]!) this.#registers[index] = rank;
  }

  estimate(): number {
    const m = this.#registers.length;
    let sum = 0;
    let zeros = 0;
    for (const r of this.#registers) {
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
    return Math.round(raw);
  }
}

/** FNV-1a over UTF-16 code units, then the murmur3 finaliser so every output bit depends on every input bit. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
