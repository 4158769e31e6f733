import { renderTable } from '../../format/table.js';
import type { Block, ReportDocument } from './document.js';
import { escapeMarkdown } from './escape.js';

/** The report as GitHub Markdown (a PR comment, a wiki page): headings, bullet fields and tables. */
export function renderMarkdown(doc: ReportDocument): string {
  let out = `# ${doc.title}\n\n${escapeMarkdown(doc.subtitle)}\n`;
  for (const s of doc.sections) {
    out += `\n## ${escapeMarkdown(s.title)}\n\n`;
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
      return `${escapeMarkdown(b.text)}\n`;
    case 'subheading':
      return `### ${escapeMarkdown(b.text)}\n`;
    case 'list':
      // `*` bullets: a list right after a fields list (`-` bullets) must not merge into it.
      return b.items.map((item) => `* ${escapeMarkdown(item)}\n`).join('');
    case 'fields':
      return b.fields
        .map(([label, value]) => `- **${escapeMarkdown(label)}**: ${escapeMarkdown(value)}\n`)
        .join('');
    case 'table':
      if (b.htmlCollapsed !== undefined) return '';
      return renderTable(
        b.columns,
        b.rows.map((row) => row.map(escapeMarkdown)),
        'markdown',
      );
    case 'chart':
      return '';
  }
}
