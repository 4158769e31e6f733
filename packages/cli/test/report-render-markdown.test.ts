import { describe, expect, it } from 'vitest';
import { renderReport } from '../src/report/render/index.js';
import {
  CJK_FEATURE,
  EMOJI_FEATURE,
  INJECTION_FEATURE,
  INJECTION_USER,
  LONG_FEATURE,
  prometheusReport,
  sampleReport,
} from './render-helpers/sample-report.js';
import { headingPositions, markdownCells, SAMPLE_TITLES, sectionOf } from './render-helpers/text-sections.js';

const md = renderReport(sampleReport(), 'markdown');
const rowOf = (section: string, key: string) => {
  const found = section.split('\n').filter((l) => l.startsWith('|') && markdownCells(l)[0] === key);
  expect(found, `one row for ${key} in:\n${section}`).toHaveLength(1);
  return markdownCells(found[0]!);
};

describe('markdown report', () => {
  it('has a title and every section as a level-2 heading, in the report order', () => {
    expect(md.startsWith('# llmcost report\n\n2026-11-01 00:00 UTC to 2026-11-15 00:00 UTC\n')).toBe(true);
    const at = headingPositions(md, SAMPLE_TITLES, 'markdown');
    expect(at.every((p) => p >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('every table row has as many cells as its header (GitHub would drop or merge them otherwise)', () => {
    let tables = 0;
    for (const block of md.split('\n\n')) {
      const rows = block.split('\n').filter((l) => l.startsWith('|'));
      if (rows.length === 0) continue;
      tables += 1;
      const width = markdownCells(rows[0]!).length;
      expect(rows[1], block).toMatch(/^\|(---:?\|)+$/);
      for (const row of rows) expect(markdownCells(row), row).toHaveLength(width);
    }
    // feature, user and model breakdowns, finish reasons, days, anomalies, week over week, unpriced models.
    expect(tables).toBe(8);
  });

  it('breakdown and trend rows carry every number; names are whole (no cut) and unicode kept', () => {
    const f = sectionOf(md, 'Cost by feature', 'markdown');
    expect(rowOf(f, 'chat')).toEqual([
      'chat',
      '$800.25',
      '64.8%',
      '80,000',
      '$0.0100',
      '$0.0250',
      '1,234',
      '322',
    ]);
    expect(rowOf(f, LONG_FEATURE)[1]).toBe('$50.13');
    expect(rowOf(f, CJK_FEATURE)[1]).toBe('$200.50');
    expect(rowOf(f, EMOJI_FEATURE)[1]).toBe('$25.00');
    expect(rowOf(f, '(3 more)')).toEqual(['(3 more)', '$12.34', '1.0%', '56', '', '', '', '']);
    const m = sectionOf(md, 'Cost by model', 'markdown');
    expect(rowOf(m, 'my-finetune')).toEqual([
      'my-finetune',
      'unpriced',
      '-',
      '456',
      '-',
      '-',
      '1,234',
      '322',
    ]);
    const t = sectionOf(md, 'Trends', 'markdown');
    expect(rowOf(t, 'chat')).toEqual(['chat', '$450.50', '$349.75', '+28.8%']);
    expect(t).toContain('- **Budget runs out**: 2026-11-27 ($2,500.00 budget, +15.3% week-over-week growth)');
    expect(sectionOf(md, 'Totals', 'markdown')).toContain('- **Cost**: $1,234.57 (');
    expect(sectionOf(md, 'Efficiency', 'markdown')).toContain('| tool_calls | 1,456 | 1.2% |');
  });

  it('escapes names so they cannot inject HTML, markup or table cells', () => {
    // No raw `<` anywhere: every one is backslash-escaped, so GitHub prints it instead of parsing a tag.
    expect(md).not.toMatch(/(?<!\\)</);
    expect(md).not.toContain(INJECTION_FEATURE);
    expect(md).toContain('\\<script\\>window.\\_\\_pwned = 1\\</script\\>');
    expect(md).not.toContain(INJECTION_USER);
    // A pipe in a model name stays inside its cell.
    expect(rowOf(sectionOf(md, 'Pricing quality', 'markdown'), 'mystery\\|model')).toEqual([
      'mystery\\|model',
      '6',
    ]);
    // A newline in a warning would end the list item; ESC would reach a terminal that cats the file.
    expect(md).toContain('* a warning with a newline and an escape \uFFFD\\[31mred\uFFFD\\[0m sequence\n');
    expect(md).not.toMatch(/\p{Cc}(?<!\n)/u);
  });

  it('what the source cannot provide reads "not available from this source"', () => {
    const p = renderReport(prometheusReport(), 'markdown');
    expect(sectionOf(p, 'Top users', 'markdown').trim()).toBe('By user: not available from this source.');
    expect(sectionOf(p, 'Efficiency', 'markdown').trim()).toBe('Efficiency: not available from this source.');
    expect(sectionOf(p, 'Cost by feature', 'markdown')).toContain(
      'p95/call, mean in tok, mean out tok: not available from this source.',
    );
    expect(sectionOf(p, 'Hourly cost and anomalies', 'markdown')).toContain(
      '- **Top users**: not available from this source',
    );
  });
});
