/** A small table model rendered as aligned plain text or as a Markdown table. */
export interface Column {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

export type Row = readonly string[];

export type TableStyle = 'text' | 'markdown';

export function renderTable(columns: readonly Column[], rows: readonly Row[], style: TableStyle): string {
  return style === 'markdown' ? markdownTable(columns, rows) : textTable(columns, rows);
}

function textTable(columns: readonly Column[], rows: readonly Row[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i]?.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const header = line(columns.map((c) => c.header));
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [header, rule, ...rows.map(line)].map((l) => `  ${l}`).join('\n') + '\n';
}

function markdownTable(columns: readonly Column[], rows: readonly Row[]): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`;
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n') + '\n';
}
