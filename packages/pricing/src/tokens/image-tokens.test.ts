import { describe, expect, it } from 'vitest';
import { countMessageTokens, upperBoundMessageTokens } from './count-messages.js';
import { imageTokensFor } from './image-tokens.js';

describe('imageTokensFor', () => {
  it.each([
    ['gpt-4o', 765, 1445],
    ['gpt-4o-2024-08-06', 765, 1445],
    ['o3', 765, 1445],
    ['gpt-4o-mini', 25_501, 48_169],
    ['gpt-4.1', 1024, 1536],
    ['gpt-4.1-mini', 1659, 2489],
    ['gpt-5-mini', 1659, 2489],
    ['gpt-4.1-nano', 2520, 3779],
    ['o4-mini', 1762, 2642],
  ])('%s: typical %d, max %d', (model, typical, max) => {
    expect(imageTokensFor(model, true)).toEqual({ typical, max });
  });

  it('uses the Anthropic estimate for models without an OpenAI encoding', () => {
    expect(imageTokensFor('claude-sonnet-4-5', false)).toEqual({ typical: 1600, max: 1600 });
  });
});

describe('images in messages', () => {
  const messages = [
    { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.co/a.png' } }] },
  ];

  it('counts the typical size and bounds with the maximum', () => {
    const framing = countMessageTokens([{ role: 'user', content: [] }], 'gpt-4o-mini').tokens;
    expect(countMessageTokens(messages, 'gpt-4o-mini').tokens).toBe(framing + 25_501);
    expect(upperBoundMessageTokens(messages, 'gpt-4o-mini')).toBeGreaterThanOrEqual(48_169);
  });

  it('a short image URL still bounds above its cost (a JSON body byte bound would not)', () => {
    expect(upperBoundMessageTokens(messages, 'gpt-4o')).toBeGreaterThanOrEqual(1445);
    expect(JSON.stringify(messages).length).toBeLessThan(1445);
  });
});
