/** A small table model rendered as aligned plain text or as a Markdown table. */
export interface Column {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
  /** Text tables cut longer cells to this many terminal columns, ending in `…` (Markdown keeps them whole). */
  maxWidth?: number;
}

export type Row = readonly string[];

export type TableStyle = 'text' | 'markdown';

export function renderTable(columns: readonly Column[], rows: readonly Row[], style: TableStyle): string {
  return style === 'markdown' ? markdownTable(columns, rows) : textTable(columns, rows);
}

function textTable(columns: readonly Column[], rows: readonly Row[]): string {
  const fitted = rows.map((r) =>
    r.map((cell, i) => {
      const max = columns[i]?.maxWidth;
      return max === undefined ? cell : truncateToWidth(cell, max);
    }),
  );
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...fitted.map((r) => displayWidth(r[i] ?? ''))),
  );
  const pad = (cell: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, widths[i]! - displayWidth(cell)));
    return columns[i]?.align === 'right' ? fill + cell : cell + fill;
  };
  const line = (cells: readonly string[]) => cells.map(pad).join('  ').trimEnd();
  const header = line(columns.map((c) => c.header));
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [header, rule, ...fitted.map(line)].map((l) => `  ${l}`).join('\n') + '\n';
}

function markdownTable(columns: readonly Column[], rows: readonly Row[]): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`;
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n') + '\n';
}

// Made on first use: creating a Segmenter loads ICU break-iterator data (~5 ms of every command's start-up).
let segmenter: Intl.Segmenter | undefined;
const graphemes = (text: string) => {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return segmenter.segment(text);
};
// East Asian Wide and Fullwidth blocks (Hangul, CJK, kana, fullwidth forms): two terminal columns each.
const WIDE =
  /^[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
const EMOJI = /\p{Extended_Pictographic}/u;
// Combining marks (variation selectors included: they are Mn) and the zero-width spaces and joiners.
const ZERO_WIDTH = /^(?:\p{M}|[\u200b-\u200f])+$/u;

function graphemeWidth(g: string): number {
  if (ZERO_WIDTH.test(g)) return 0;
  return WIDE.test(g) || EMOJI.test(g) ? 2 : 1;
}

/** Terminal columns a string takes: CJK and emoji count two, combining marks none. */
export function displayWidth(text: string): number {
  // Fast path for the common case: printable ASCII is one column per character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes(text)) width += graphemeWidth(segment);
  return width;
}

/** Cut `text` to at most `max` terminal columns, marking the cut with `…`; whole graphemes only. */
export function truncateToWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const { segment } of graphemes(text)) {
    const w = graphemeWidth(segment);
    if (width + w > max - 1) break;
    out += segment;
    width += w;
  }
  return `${out}…`;
}
