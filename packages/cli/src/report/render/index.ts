import type { CostReport } from '../model.js';
import { buildDocument } from './build-document.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export type RenderFormat = 'text' | 'markdown' | 'html';

/** The report as a terminal page, GitHub Markdown or one self-contained HTML file (`json` is `JSON.stringify`). */
export function renderReport(report: CostReport, format: RenderFormat): string {
  const doc = buildDocument(report);
  if (format === 'html') return renderHtml(doc);
  return format === 'markdown' ? renderMarkdown(doc) : renderText(doc);
}
