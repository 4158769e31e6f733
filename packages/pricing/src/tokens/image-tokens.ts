import { baseModelName } from './model-encoding.js';

/**
 * Tokens of one image in a prompt. They depend on the image's size and `detail`, which we do not decode, so each
 * model family gets two numbers: `typical`, a 1024x1024 image at high detail (the count), and `max`, the most any
 * image can cost (the upper bound). OpenAI, https://platform.openai.com/docs/guides/images-vision#calculating-costs:
 * - tile models (gpt-4o, gpt-4.5, gpt-4-turbo, o1, o3, gpt-5): 85 + 170 per 512px tile of the image scaled to fit
 *   2048x2048 then to a 768px short side: 765 for 1024x1024, at most 8 tiles = 1,445.
 * - gpt-4o-mini: the same tiles priced 2,833 + 5,667 per tile: 25,501 for 1024x1024, at most 48,169.
 * - patch models (gpt-4.1 family, gpt-5-mini / -nano, o4-mini): one 32x32 patch per token, capped at 1,536 patches,
 *   times a per-model multiplier (4.1 1, 4.1-mini and 5-mini 1.62, 4.1-nano and 5-nano 2.46, o4-mini 1.72).
 * Anthropic, https://docs.anthropic.com/en/docs/build-with-claude/vision#calculate-image-costs: width * height / 750
 * with images scaled to at most ~1.15 megapixels, so ~1,600 at most; used for every model without an OpenAI encoding
 * (Gemini bills 258 tokens per 768x768 tile, so a very large image can cost it more).
 */
export interface ImageTokens {
  typical: number;
  max: number;
}

const patches = (multiplier: number): ImageTokens => ({
  typical: Math.ceil(1024 * multiplier),
  max: Math.ceil(1536 * multiplier),
});

const FAMILIES: readonly (readonly [RegExp, ImageTokens])[] = [
  [/^gpt-4o-mini/, { typical: 25_501, max: 48_169 }],
  [/^gpt-4\.1-mini|^gpt-5(\.\d+)?-mini/, patches(1.62)],
  [/^gpt-4\.1-nano|^gpt-5(\.\d+)?-nano/, patches(2.46)],
  [/^o4-mini/, patches(1.72)],
  [/^gpt-4\.1/, patches(1)],
];
const TILES: ImageTokens = { typical: 765, max: 1_445 };
const NOT_OPENAI: ImageTokens = { typical: 1_600, max: 1_600 };

export function imageTokensFor(model: string, openai: boolean): ImageTokens {
  if (!openai) return NOT_OPENAI;
  const name = baseModelName(model);
  for (const [pattern, tokens] of FAMILIES) if (pattern.test(name)) return tokens;
  return TILES;
}
