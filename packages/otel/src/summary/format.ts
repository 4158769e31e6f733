import type { Summary, SummaryRow } from './aggregate.js';

const FEMTO_PER_MICRO = 1_000_000_000n;
const MAX_ROWS = 15;

/** femto-USD as dollars with 6 decimals (rounded half up), e.g. `$12.345678`. */
export function formatUsd(femto: bigint): string {
  const micro = (femto + FEMTO_PER_MICRO / 2n) / FEMTO_PER_MICRO;
  const whole = micro / 1_000_000n;
  const frac = (micro % 1_000_000n).toString().padStart(6, '0');
  return `$${whole.toLocaleString('en-US')}.${frac}`;
}

const int = (n: number) => n.toLocaleString('en-US');

function table(title: string, rows: SummaryRow[]): string[] {
  const header = [title, 'calls', 'input tok', 'output tok', 'cost', 'unpriced', 'estimated', 'failed'];
  const shown = rows.slice(0, MAX_ROWS);
  const body = shown.map((r) => [
    r.key,
    int(r.calls),
    int(r.inputTokens),
    int(r.outputTokens),
    // A row whose calls have no known price (failures that billed nothing aside) has no cost: show that,
    // never a $0.
    r.unpriced > 0 && r.unpriced + r.unbilled === r.calls ? 'unpriced' : formatUsd(r.costFemto),
    int(r.unpriced),
    int(r.estimated),
    int(r.failed),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(header), ...body.map(line)];
  if (rows.length > shown.length) out.push(`… ${rows.length - shown.length} more`);
  return out;
}

/**
 * The exit summary as text: totals, then cost by feature, by user and by model, most expensive first. A call
 * that failed before any answer (a 401, a refused request) billed nothing: it is counted as failed, not as
 * unpriced (there was nothing to price). No calls: one line, no empty tables.
 */
export function formatSummary(summary: Summary): string {
  const t = summary.total;
  if (t.calls === 0) return 'llmcost summary: no LLM calls recorded\n';
  const notes = [
    t.unpriced > 0 ? `${int(t.unpriced)} unpriced (no price known, not in the total)` : '',
    t.estimated > 0 ? `${int(t.estimated)} estimated (tokens counted locally)` : '',
    t.failed > 0
      ? `${int(t.failed)} failed${t.unbilled > 0 ? ` (${int(t.unbilled)} before any answer: nothing billed)` : ''}`
      : '',
  ].filter((s) => s !== '');
  const lines = [
    `llmcost summary: ${int(t.calls)} LLM calls, ${int(t.inputTokens)} input + ${int(t.outputTokens)} output tokens, ${formatUsd(t.costFemto)}${notes.length ? `; ${notes.join(', ')}` : ''}`,
    '',
    ...table('feature', summary.byFeature),
    '',
    ...table('user', summary.byUser),
    '',
    ...table('model', summary.byModel),
  ];
  return `${lines.join('\n')}\n`;
}
