import { type Exchange, InvalidRequest } from '../exchange.js';
import { sendJson } from '../http.js';
import { countAnthropicInput } from './messages.js';

// POST /v1/messages/count_tokens -> {"input_tokens": N}. https://docs.anthropic.com/en/api/messages-count-tokens
// The count includes what a cache would read or write: it is the whole prompt, and nothing is cached by it.
export async function handleCountTokens(ex: Exchange): Promise<void> {
  const messages = ex.body.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw new InvalidRequest('messages: Field required');
  sendJson(ex.res, 200, ex.headers, {
    input_tokens: countAnthropicInput(ex.body, ex.responseModel, messages),
  });
}
