import { describe, expect, it } from 'vitest';
import type { CompareCase } from '../src/compare/dataset.js';
import { relative } from '../src/compare/render.js';
import { scoreReply } from '../src/compare/score.js';
import { percentile } from '../src/compare/summary.js';

const base: CompareCase = { id: 'c', line: 1, messages: [{ role: 'user', content: 'q' }] };

describe('scoreReply', () => {
  it('expected: the trimmed reply must equal it exactly', () => {
    const c = { ...base, expected: 'Paris' };
    expect(scoreReply(c, '  Paris\n')).toBe(true);
    expect(scoreReply(c, 'paris')).toBe(false);
    expect(scoreReply(c, 'Paris.')).toBe(false);
  });

  it('contains: every substring, ignoring case', () => {
    const c = { ...base, contains: ['red', 'Blue'] };
    expect(scoreReply(c, 'Red and blue.')).toBe(true);
    expect(scoreReply(c, 'red and green')).toBe(false);
  });

  it('both must hold; neither means unscored', () => {
    expect(scoreReply({ ...base, expected: 'H2O', contains: ['h2o'] }, 'H2O')).toBe(true);
    expect(scoreReply({ ...base, expected: 'H2O is water', contains: ['oxygen'] }, 'H2O is water')).toBe(
      false,
    );
    expect(scoreReply(base, 'anything')).toBeUndefined();
  });
});

describe('percentile (nearest rank)', () => {
  it('p50 and p95 of 1..20', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(values, 0.5)).toBe(10);
    expect(percentile(values, 0.95)).toBe(19);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('relative cost', () => {
  it('reads as a fraction of the priciest model', () => {
    expect(relative(1)).toBe('100%');
    expect(relative(0.06)).toBe('6.0% (1/17)');
    expect(relative(0.5)).toBe('50.0% (1/2.0)');
    expect(relative(0)).toBe('0%');
    expect(relative(null)).toBe('-');
  });
});
