export { countMessageTokens, upperBoundMessageTokens } from './count-messages.js';
export { countTokens } from './count-tokens.js';
export { TokenizerMissingError, tokenizerInstalled } from './load-encoder.js';
export { type EncodingName, encodingForModel } from './model-encoding.js';
export type { ChatMessageLike, CountMessageOptions, TokenCount } from './types.js';
export { upperBoundTokens } from './upper-bound.js';
