/**
 * A span's identity (trace id + span id) as a 64-bit fingerprint: two independent 32-bit hashes of the id text.
 * Collector retries and overlapping exports write the very same span more than once; the fingerprint finds
 * the repeats without keeping the ids (48 characters each) in memory. Two distinct spans collide with
 * probability about n^2 / 2^65: once in ~10^6 reports of 4 million LLM spans.
 */
export interface Fingerprint {
  hi: number;
  lo: number;
}

const SEPARATOR = 0xff; // not a byte of any id's text (hex in OTLP/JSON)

function mixHi(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193); // FNV-1a
}

function mixLo(h: number, c: number): number {
  h = Math.imul(h ^ c, 0x5bd1e995); // MurmurHash2's multiplier
  return h ^ (h >>> 15);
}

/** MurmurHash3's finaliser: every input bit reaches every output bit. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The fingerprint of (trace, span), ids given as text (character codes; ids are ASCII). */
export function fingerprintOf(trace: string, span: string, out: Fingerprint): void {
  let hi = 0x811c9dc5;
  let lo = 0x9747b28c;
  for (let i = 0; i < trace.length; i++) {
    const c = trace.charCodeAt(i);
    hi = mixHi(hi, c);
    lo = mixLo(lo, c);
  }
  hi = mixHi(hi, SEPARATOR);
  lo = mixLo(lo, SEPARATOR);
  for (let i = 0; i < span.length; i++) {
    const c = span.charCodeAt(i);
    hi = mixHi(hi, c);
    lo = mixLo(lo, c);
  }
  out.hi = fmix(hi);
  out.lo = fmix(lo);
}

/** The same fingerprint from the bytes `u[ts, te)` and `u[ss, se)` of ASCII ids (the fast scanner's view). */
export function fingerprintOfBytes(
  u: Uint8Array,
  ts: number,
  te: number,
  ss: number,
  se: number,
  out: Fingerprint,
): void {
  let hi = 0x811c9dc5;
  let lo = 0x9747b28c;
  for (let i = ts; i < te; i++) {
    const c = u[i] as number;
    hi = mixHi(hi, c);
    lo = mixLo(lo, c);
  }
  hi = mixHi(hi, SEPARATOR);
  lo = mixLo(lo, SEPARATOR);
  for (let i = ss; i < se; i++) {
    const c = u[i] as number;
    hi = mixHi(hi, c);
    lo = mixLo(lo, c);
  }
  out.hi = fmix(hi);
  out.lo = fmix(lo);
}

const INITIAL_SLOTS = 1 << 12;

/** Open-addressing hash set of 64-bit fingerprints in one typed array (8 bytes a slot, at most half full). */
class FingerprintTable {
  slots: Uint32Array;
  size = 0;
  mask: number;

  constructor(slots = INITIAL_SLOTS) {
    this.slots = new Uint32Array(slots * 2);
    this.mask = slots - 1;
  }

  has(hi: number, lo: number): boolean {
    const s = this.slots;
    let i = (lo ^ hi) & this.mask;
    for (;;) {
      const h = s[2 * i] as number;
      const l = s[2 * i + 1] as number;
      if (h === 0 && l === 0) return false;
      if (h === hi && l === lo) return true;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds a fingerprint known to be absent. */
  add(hi: number, lo: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.#grow();
    this.#put(hi, lo);
    this.size++;
  }

  #put(hi: number, lo: number): void {
    const s = this.slots;
    let i = (lo ^ hi) & this.mask;
    while (s[2 * i] !== 0 || s[2 * i + 1] !== 0) i = (i + 1) & this.mask;
    s[2 * i] = hi;
    s[2 * i + 1] = lo;
  }

  #grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) {
      const h = old[i] as number;
      const l = old[i + 1] as number;
      if (h !== 0 || l !== 0) this.#put(h, l);
    }
  }
}

/**
 * Recent fingerprints in bounded memory: two generations of at most `window` fingerprints each (16 bytes per
 * fingerprint at most, 2 x window of them). When the current generation is full it becomes the previous one
 * and the oldest is forgotten, so a fingerprint is always found when fewer than `window` others were added
 * after it (`forgot` says whether anything was ever forgotten). Used to drop exact repeats of a span (a window
 * of millions) and to relate recent parents and children (a window of thousands).
 */
export class SpanIdentitySet {
  readonly window: number;
  #current = new FingerprintTable();
  #previous: FingerprintTable | null = null;
  forgot = false;

  constructor(window: number) {
    this.window = window;
  }

  has(hi: number, lo: number): boolean {
    // (0, 0) marks an empty slot.
    if (hi === 0 && lo === 0) lo = 1;
    return this.#current.has(hi, lo) || this.#previous?.has(hi, lo) === true;
  }

  /** Adds the fingerprint; false when it was already there (a repeat). */
  add(hi: number, lo: number): boolean {
    if (this.has(hi, lo)) return false;
    if (hi === 0 && lo === 0) lo = 1;
    if (this.#current.size >= this.window) {
      this.forgot ||= this.#previous !== null;
      this.#previous = this.#current;
      this.#current = new FingerprintTable();
    }
    this.#current.add(hi, lo);
    return true;
  }
}
