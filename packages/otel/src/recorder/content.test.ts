import { describe, expect, it } from 'vitest';
import { serializeMessages, textMessage } from './content.js';

describe('serializeMessages', () => {
  const messages = [textMessage('user', 'x'.repeat(500)), textMessage('assistant', 'y'.repeat(500), 'stop')];

  it('keeps short content whole', () => {
    const out = serializeMessages([textMessage('user', 'hi')], 1000);
    expect(JSON.parse(out)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
  });

  it.each([50, 120, 300, 700])('stays valid JSON within a cap of %i characters', (cap) => {
    const out = serializeMessages(messages, cap);
    expect(out.length).toBeLessThanOrEqual(cap);
    expect(() => JSON.parse(out)).not.toThrow();
  });

  it('cuts text from the end, keeping the earlier content', () => {
    const parsed = JSON.parse(serializeMessages(messages, 700));
    expect(parsed[0].parts[0].content).toBe('x'.repeat(500));
    expect(parsed[1].parts[0].content.length).toBeLessThan(500);
  });
});
