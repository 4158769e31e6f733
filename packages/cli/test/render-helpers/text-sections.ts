/** Cut a rendered text or Markdown report into its sections, by title. */

/** The titles the sample report's sections carry, in the order they must appear. */
export const SAMPLE_TITLES = [
  'Window and sources',
  'Totals',
  'Projection and budget',
  'Cost by feature',
  'Top users',
  'Cost by model',
  'Cost by tier',
  'Efficiency',
  'Hourly cost and anomalies',
  'Trends',
  'Pricing quality',
  'Warnings',
];

const textHeading = (title: string) => `\n${title}\n${'-'.repeat(title.length)}\n`;
const markdownHeading = (title: string) => `\n## ${title}\n`;

/** The body of section `title` in a text (`style = 'text'`) or Markdown report. */
export function sectionOf(report: string, title: string, style: 'text' | 'markdown' = 'text'): string {
  const heading = style === 'text' ? textHeading(title) : markdownHeading(title);
  const start = report.indexOf(heading);
  if (start < 0) throw new Error(`no section "${title}" in:\n${report}`);
  const body = report.slice(start + heading.length);
  const next = style === 'text' ? body.search(/\n\n[^\s-][^\n]*\n-+\n/) : body.indexOf('\n## ');
  return next < 0 ? body : body.slice(0, next + 1);
}

/** Where each title's heading starts (-1 when missing). */
export function headingPositions(
  report: string,
  titles: readonly string[],
  style: 'text' | 'markdown',
): number[] {
  return titles.map((t) => report.indexOf(style === 'text' ? textHeading(t) : markdownHeading(t)));
}

/** The cells of a text table line (columns are separated by two or more spaces). */
export function textCells(line: string): string[] {
  return line.trim().split(/ {2,}/);
}

/** The cells of a Markdown table line (split on unescaped pipes). */
export function markdownCells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}
