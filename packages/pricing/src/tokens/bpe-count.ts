/**
 * Token counting that stays O(n log n) on very long pre-tokenizer pieces.
 *
 * BPE first splits text into pieces with a regex, then merges each piece's bytes, always the lowest-ranked adjacent
 * pair first. tiktoken and gpt-tokenizer rescan the whole piece after every merge, O(n^2) in the piece's length:
 * one 50,000-character run of Han characters, letters or spaces takes tens of seconds, and prompts are user input.
 * countByPieces is gpt-tokenizer's own counting loop (same split regex, same rank lookups, same merge cache for
 * normal pieces, so the same speed) except that pieces longer than LONG_PIECE are merged by mergeCount: the same
 * merge order (lowest rank, then leftmost) with a heap and a linked list of parts, hence the same tokens.
 */

/** gpt-tokenizer's BPE core as it is at runtime (TypeScript-private members, feature-detected by bpeCoreOf). */
export interface BpeCore {
  tokenSplitRegex: RegExp;
  getBpeRankFromString(text: string): number | undefined;
  getBpeRankFromBytes(bytes: Uint8Array): number | undefined;
  /** Merges one piece, through gpt-tokenizer's LRU merge cache. */
  bytePairEncode(piece: string): number[];
}

/** Pieces up to this many UTF-16 units keep gpt-tokenizer's cached quadratic merge (about a millisecond at most). */
export const LONG_PIECE = 256;

/** The BPE core of a gpt-tokenizer encoding module, or undefined if a new version moved its internals. */
export function bpeCoreOf(encodingModule: unknown): BpeCore | undefined {
  const api = (encodingModule as { default?: { bytePairEncodingCoreProcessor?: Partial<BpeCore> } }).default;
  const core = api?.bytePairEncodingCoreProcessor;
  if (
    core?.tokenSplitRegex instanceof RegExp &&
    typeof core.getBpeRankFromString === 'function' &&
    typeof core.getBpeRankFromBytes === 'function' &&
    typeof core.bytePairEncode === 'function'
  )
    return core as BpeCore;
  return undefined;
}

const encoder = new TextEncoder();

/**
 * Token count of `text` as plain text (special-token text is not special): gpt-tokenizer's countNative without its
 * special-token scan, with long pieces merged by mergeCount.
 */
export function countByPieces(text: string, core: BpeCore): number {
  let count = 0;
  for (const [piece] of text.matchAll(core.tokenSplitRegex)) {
    if (core.getBpeRankFromString(piece) !== undefined) count += 1;
    else if (piece.length > LONG_PIECE) count += mergeCount(encoder.encode(piece), core);
    else count += core.bytePairEncode(piece).length;
  }
  return count;
}

/** Number of tokens BPE merges `bytes` into: tiktoken's merge order, with a heap instead of rescans. */
export function mergeCount(bytes: Uint8Array, core: BpeCore): number {
  const n = bytes.length;
  if (n < 2) return n;
  // Parts are identified by their start offset; next/prev link the live ones.
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  const dead = new Uint8Array(n + 1);
  const pairRank = new Float64Array(n);
  for (let i = 0; i <= n; i += 1) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const rankOfPair = (start: number): number => {
    const second = next[start] as number;
    if (second >= n) return Number.POSITIVE_INFINITY;
    return core.getBpeRankFromBytes(bytes.subarray(start, next[second])) ?? Number.POSITIVE_INFINITY;
  };
  const heap = new PairHeap();
  for (let i = 0; i < n - 1; i += 1) {
    pairRank[i] = rankOfPair(i);
    if (pairRank[i] !== Number.POSITIVE_INFINITY) heap.push(pairRank[i] as number, i);
  }
  pairRank[n - 1] = Number.POSITIVE_INFINITY;
  let parts = n;
  while (heap.size > 0) {
    const [rank, start] = heap.pop();
    // Stale entry: the part was merged away, or its pair changed (a longer pair has a different rank).
    if (dead[start] === 1 || pairRank[start] !== rank) continue;
    const removed = next[start] as number;
    dead[removed] = 1;
    next[start] = next[removed] as number;
    prev[next[removed] as number] = start;
    parts -= 1;
    pairRank[start] = rankOfPair(start);
    if (pairRank[start] !== Number.POSITIVE_INFINITY) heap.push(pairRank[start] as number, start);
    const before = prev[start] as number;
    if (before >= 0) {
      pairRank[before] = rankOfPair(before);
      if (pairRank[before] !== Number.POSITIVE_INFINITY) heap.push(pairRank[before] as number, before);
    }
  }
  return parts;
}

/** Binary min-heap of (rank, start), ordered by rank then start: tiktoken merges the leftmost lowest rank first. */
class PairHeap {
  private ranks: number[] = [];
  private starts: number[] = [];

  get size(): number {
    return this.ranks.length;
  }

  private less(a: number, b: number): boolean {
    const ra = this.ranks[a] as number;
    const rb = this.ranks[b] as number;
    return ra < rb || (ra === rb && (this.starts[a] as number) < (this.starts[b] as number));
  }

  private swap(a: number, b: number): void {
    [this.ranks[a], this.ranks[b]] = [this.ranks[b] as number, this.ranks[a] as number];
    [this.starts[a], this.starts[b]] = [this.starts[b] as number, this.starts[a] as number];
  }

  push(rank: number, start: number): void {
    this.ranks.push(rank);
    this.starts.push(start);
    let i = this.ranks.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): [number, number] {
    const top: [number, number] = [this.ranks[0] as number, this.starts[0] as number];
    const lastRank = this.ranks.pop() as number;
    const lastStart = this.starts.pop() as number;
    if (this.ranks.length > 0) {
      this.ranks[0] = lastRank;
      this.starts[0] = lastStart;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < this.ranks.length && this.less(left, smallest)) smallest = left;
        if (right < this.ranks.length && this.less(right, smallest)) smallest = right;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return top;
  }
}
