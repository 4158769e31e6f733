import { describe, expect, it } from 'vitest';
import { displayWidth, renderTable, truncateToWidth } from '../src/format/table.js';
import { bytes, duration, int, usd, utcTime } from '../src/format/units.js';
import { escapeHtml, escapeMarkdown, plainText } from '../src/report/render/escape.js';
import { axisUsd, niceTicks } from '../src/report/render/svg/scale.js';

describe('amounts and counts (grouped here, not by ICU: its set-up is start-up time)', () => {
  it('print exactly what toLocaleString("en-US") prints, half-cents included', () => {
    const icuUsd = (v: number) =>
      `${v < 0 ? '-' : ''}$${Math.abs(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const values = [
      0.01, 0.015, 0.045, 0.105, 1.005, 2.675, 999.995, 1234.5, 1e6, 123456789.125, -0.015, -42.5,
    ];
    for (let i = 0; i < 20_000; i++) values.push(random() * 10 ** Math.floor(random() * 12), i / 200);
    for (const v of values) {
      if (Math.abs(v) >= 0.01) expect(usd(v), String(v)).toBe(icuUsd(v));
      // (-0 prints as 0, where toLocaleString prints -0)
      expect(int(v), String(v)).toBe((Math.round(v) || 0).toLocaleString('en-US'));
    }
  });
});

describe('terminal width of names', () => {
  it('counts CJK and emoji as two columns, combining marks as none', () => {
    expect(displayWidth('chat')).toBe(4);
    expect(displayWidth('要約')).toBe(4);
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('é')).toBe(1);
    expect(displayWidth('👍🏽')).toBe(2);
  });

  it('truncates to whole graphemes within the width, marking the cut', () => {
    expect(truncateToWidth('abcdef', 6)).toBe('abcdef');
    expect(truncateToWidth('abcdefg', 6)).toBe('abcde…');
    expect(truncateToWidth('要約-サービス', 6)).toBe('要約-…');
    expect(truncateToWidth('要約サービス', 6)).toBe('要約…');
    expect(displayWidth(truncateToWidth('🚀🚀🚀🚀', 5))).toBeLessThanOrEqual(5);
  });

  it('text tables pad by display width and honour maxWidth; Markdown keeps cells whole', () => {
    const cols = [
      { header: 'name', maxWidth: 6 },
      { header: 'cost', align: 'right' as const },
    ];
    const out = renderTable(
      cols,
      [
        ['要約サービス', '$1.00'],
        ['ab', '$10.00'],
      ],
      'text',
    ).split('\n');
    expect(out[2]).toBe('  要約…   $1.00');
    expect(out[3]).toBe('  ab     $10.00');
    expect(renderTable(cols, [['要約サービス', '$1.00']], 'markdown')).toContain('| 要約サービス | $1.00 |');
  });
});

describe('units', () => {
  it('formats times, sizes and durations', () => {
    expect(utcTime('2026-11-09T08:00:00.000Z')).toBe('2026-11-09 08:00 UTC');
    expect(bytes(0)).toBe('0 B');
    expect(bytes(999)).toBe('999 B');
    expect(bytes(123_456_789)).toBe('123.5 MB');
    expect(bytes(2_000_000_000)).toBe('2.0 GB');
    expect(duration(86_400_000)).toBe('24 hours');
    expect(duration(90 * 60_000)).toBe('1.5 hours');
    expect(duration(14 * 86_400_000)).toBe('14 days');
  });
});

describe('escaping untrusted names', () => {
  it('html escapes the five special characters and drops controls', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml('a\u0000b')).toBe('a\uFFFDb');
  });

  it('markdown backslash-escapes markup but keeps in-word underscores readable', () => {
    expect(escapeMarkdown('tool_calls')).toBe('tool_calls');
    expect(escapeMarkdown('_x_ *y* `z` [l](u) <b> # ~s~ !&')).toBe(
      '\\_x\\_ \\*y\\* \\`z\\` \\[l\\](u) \\<b\\> \\# \\~s\\~ \\!\\&',
    );
  });

  it('plain text puts everything on one line and neutralises terminal escapes and bidi overrides', () => {
    expect(plainText('a\nb\tc\r')).toBe('a b c ');
    expect(plainText('\u001b[2J\u202eevil')).toBe('\uFFFD[2J\uFFFDevil');
  });
});

describe('chart axis ticks', () => {
  it('are round steps from zero covering the maximum', () => {
    expect(niceTicks(40.25)).toEqual([0, 20, 40, 60]);
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    // An all-zero series still has an axis.
    expect(niceTicks(0)).toEqual([0, 0.005, 0.01]);
    expect(niceTicks(0).map(axisUsd)).toEqual(['$0.00', '$0.005', '$0.01']);
    expect(niceTicks(1500).map(axisUsd)).toEqual(['$0.00', '$500.00', '$1,000.00', '$1,500.00']);
  });
});
