import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, formatProgressLine } from '../src/format/progress.js';
import { bytes as formatBytes } from '../src/format/units.js';

/** A stream that records writes; `isTTY` decides whether the bar draws. */
function fakeStream(isTTY: boolean, columns = 200) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (t: string) => writes.push(t) };
}

function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createProgress', () => {
  it('on a TTY: redraws in place at most once per interval, always draws the last update, erases on finish', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const p = createProgress({ label: 'reading', unit: 'bytes', total: 10_000, stream, now: clock.now });
    p.update(0); // first update draws
    for (let i = 1; i <= 9; i++) {
      clock.advance(10); // 90 ms in total: below the 100 ms interval
      p.update(i * 100);
    }
    expect(stream.writes).toHaveLength(1);
    clock.advance(10); // 100 ms since the first draw
    p.update(1_000);
    expect(stream.writes).toHaveLength(2);
    expect(stream.writes[1]).toBe(
      `\r\x1b[2K${formatProgressLine({ label: 'reading', unit: 'bytes', done: 1_000, total: 10_000, elapsedMs: 100 })}`,
    );
    clock.advance(1);
    p.update(10_000); // the end is drawn even inside the interval
    expect(stream.writes).toHaveLength(3);
    expect(stream.writes[2]).toContain('100%');
    p.finish('done: 10.0 kB');
    expect(stream.writes.slice(3)).toEqual(['\r\x1b[2K', 'done: 10.0 kB\n']);
    p.update(5); // after finish: ignored
    expect(stream.writes).toHaveLength(5);
  });

  it('1,000 updates over one simulated second draw about ten frames', () => {
    const stream = fakeStream(true);
    const clock = fakeClock();
    const p = createProgress({ label: 'compare', unit: 'items', itemName: 'calls', stream, now: clock.now });
    for (let i = 1; i <= 1000; i++) {
      clock.advance(1);
      p.update(i, 2000);
    }
    expect(stream.writes.length).toBe(10);
  });

  it('not a TTY: draws nothing; finish writes only the summary', () => {
    const stream = fakeStream(false);
    const p = createProgress({ label: 'reading', unit: 'bytes', total: 100, stream });
    p.update(50);
    p.update(100);
    expect(stream.writes).toEqual([]);
    p.finish('read 100 B');
    expect(stream.writes).toEqual(['read 100 B\n']);
  });

  it('quiet: nothing at all, on a TTY too', () => {
    const stream = fakeStream(true);
    const p = createProgress({ label: 'x', unit: 'items', total: 2, stream, quiet: true });
    p.update(1);
    p.update(2);
    p.finish('summary');
    expect(stream.writes).toEqual([]);
  });

  it('finish without a summary on a TTY only erases the bar; not drawn means nothing to erase', () => {
    const tty = fakeStream(true);
    const p = createProgress({ label: 'x', unit: 'items', total: 2, stream: tty });
    p.update(1);
    p.finish();
    expect(tty.writes.at(-1)).toBe('\r\x1b[2K');
    const pipe = fakeStream(false);
    createProgress({ label: 'x', unit: 'items', stream: pipe }).finish();
    expect(pipe.writes).toEqual([]);
  });

  it('cuts the line to the terminal width', () => {
    const stream = fakeStream(true, 30);
    const p = createProgress({ label: 'reading', unit: 'bytes', total: 1e9, stream, now: () => 0 });
    p.update(1);
    expect(stream.writes[0]!.length).toBe('\r\x1b[2K'.length + 29);
  });
});

describe('formatProgressLine', () => {
  it('percent, bytes/s, ETA and amounts', () => {
    // 25 MB of 100 MB in 5 s: 5 MB/s, 75 MB left = 15 s.
    expect(
      formatProgressLine({ label: 'reading', unit: 'bytes', done: 25e6, total: 100e6, elapsedMs: 5000 }),
    ).toBe('reading [######------------------]  25%  5.0 MB/s  ETA 0:15  25.0 MB / 100.0 MB');
  });

  it('items/s with the item name; no total: count and rate only', () => {
    expect(
      formatProgressLine({
        label: 'compare',
        unit: 'items',
        itemName: 'calls',
        done: 3,
        total: 12,
        elapsedMs: 2000,
      }),
    ).toBe('compare [######------------------]  25%  1.5 calls/s  ETA 0:06  3 / 12');
    expect(formatProgressLine({ label: 'reading', unit: 'bytes', done: 1500, elapsedMs: 1000 })).toBe(
      'reading  1.5 kB  1.5 kB/s',
    );
  });

  it('no elapsed time yet: no rate, no ETA', () => {
    expect(formatProgressLine({ label: 'x', unit: 'items', done: 0, total: 4, elapsedMs: 0 })).toBe(
      'x [------------------------]   0%  -  ETA -  0 / 4',
    );
  });

  it('units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatDuration(59.2)).toBe('1:00');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
