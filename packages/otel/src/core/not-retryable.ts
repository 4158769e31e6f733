/**
 * LangChain.js's mark for an error its retry loop must not retry (`stampRetryable(error, false)` in
 * @langchain/core >= 1.0, read by `AsyncCaller`'s default failed-attempt handler through `Symbol.for`, so no
 * LangChain import is needed): https://github.com/langchain-ai/langchainjs/blob/main/libs/langchain-core/src/errors/index.ts
 */
const LANGCHAIN_RETRYABLE = Symbol.for('langchain.errors.retryable');

/**
 * Marks a budget rejection as not worth retrying for frameworks that retry provider errors themselves: asking
 * again cannot succeed before the window resets (the error's `retryAfterSeconds` says when). A non-enumerable
 * symbol property: invisible to the app's `JSON.stringify`, `Object.keys` and error printing.
 */
export function markNotRetryable(error: unknown): void {
  if (error === null || typeof error !== 'object' || Object.isFrozen(error)) return;
  try {
    Object.defineProperty(error, LANGCHAIN_RETRYABLE, { value: false, configurable: true });
  } catch {
    // a non-extensible error keeps the framework's own retry behaviour
  }
}
