import { displayWidth, renderTable } from '../../format/table.js';
import type { Block, ReportDocument } from './document.js';
import { plainText } from './escape.js';

/** The report for a terminal: aligned fixed-width tables, two-space indent, no colour. */
export function renderText(doc: ReportDocument): string {
  let out = `${doc.title}\n${plainText(doc.subtitle)}\n`;
  for (const s of doc.sections) {
    out += `\n${s.title}\n${'-'.repeat(s.title.length)}\n`;
    out += s.blocks
      .map(block)
      .filter((b) => b !== '')
      .join('\n');
  }
  return out;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'text':
      return `  ${plainText(b.text)}\n`;
    case 'subheading':
      return `  ${plainText(b.text)}\n`;
    case 'list':
      return b.items.map((item) => `  - ${plainText(item)}\n`).join('');
    case 'fields': {
      const width = Math.max(...b.fields.map(([label]) => displayWidth(label)));
      return b.fields
        .map(
          ([label, value]) => `  ${label}${' '.repeat(width - displayWidth(label))}  ${plainText(value)}\n`,
        )
        .join('');
    }
    case 'table':
      if (b.htmlCollapsed !== undefined) return '';
      return renderTable(
        b.columns,
        b.rows.map((row) => row.map(plainText)),
        'text',
      );
    case 'chart':
      return '';
  }
}
