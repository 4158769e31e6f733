import { type Exchange, InvalidRequest, nowSeconds, numberField } from '../exchange.js';
import { hexId, randomId, sendJson } from '../http.js';
import { openStream } from '../sse.js';
import { countMessages, countText } from '../tokens.js';
import { exampleArguments, pickTool, structuredText, type ToolChoice, type ToolSpec } from '../tool-call.js';
import { isReasoningModel, planOutput, splitPieces } from './output-plan.js';
import { responsesCountInput } from './responses-input.js';
import { servedTier } from './service-tier.js';

// POST /v1/responses. https://platform.openai.com/docs/api-reference/responses and its streaming events
// https://platform.openai.com/docs/api-reference/responses-streaming

function toolsOf(body: Record<string, unknown>): ToolSpec[] {
  const tools = Array.isArray(body.tools) ? (body.tools as Record<string, unknown>[]) : [];
  return tools
    .filter((t) => t?.type === 'function' && typeof t.name === 'string')
    .map((t) => ({ name: t.name as string, schema: t.parameters }));
}

function toolChoiceOf(body: Record<string, unknown>): ToolChoice {
  const choice = body.tool_choice as unknown;
  if (choice === 'none') return { required: false, none: true };
  if (choice === 'required') return { required: true, none: false };
  if (choice && typeof choice === 'object') {
    const c = choice as Record<string, unknown>;
    if (c.type === 'function' && typeof c.name === 'string')
      return { required: true, name: c.name, none: false };
  }
  return { required: false, none: false };
}

type Item = Record<string, unknown>;

export async function handleResponses(ex: Exchange): Promise<void> {
  const { body } = ex;
  if (body.input === undefined && body.previous_response_id === undefined && body.prompt === undefined) {
    throw new InvalidRequest("Missing required parameter: 'input'.");
  }
  const model = ex.responseModel;
  const inputTokens = countMessages(responsesCountInput(body), model);
  const cap = numberField(body, 'max_output_tokens');
  const plan = planOutput(model, ex.scenario, cap, 0, ex.answer);
  const tool = pickTool(toolsOf(body), toolChoiceOf(body), ex.scenario);
  const args = tool ? JSON.stringify(exampleArguments(tool)) : '';
  // Structured output (text.format json_schema / json_object) is an example of the schema, never cut short.
  const json = structuredText((body.text as Item | undefined)?.format);
  const text = json ?? plan.text.text;
  const pieces = json !== undefined ? splitPieces(json) : plan.text.pieces;
  const visibleTokens = tool
    ? countText(tool.name, model) + countText(args, model)
    : json !== undefined
      ? countText(json, model)
      : plan.text.tokens;
  const outputTokens = visibleTokens + plan.reasoningTokens;
  const incompleteReason =
    ex.scenario.finish === 'length' || (plan.truncated && !tool && json === undefined)
      ? 'max_output_tokens'
      : ex.scenario.finish === 'content_filter'
        ? 'content_filter'
        : undefined;

  const reasoningItem: Item | undefined =
    plan.reasoningTokens > 0 || isReasoningModel(model)
      ? { id: hexId('rs_', 24), type: 'reasoning', summary: [] }
      : undefined;
  const part = { type: 'output_text', annotations: [], logprobs: [], text };
  const mainItem: Item = tool
    ? {
        id: hexId('fc_', 24),
        type: 'function_call',
        status: 'completed',
        arguments: args,
        call_id: randomId('call_', 24),
        name: tool.name,
      }
    : {
        id: hexId('msg_', 24),
        type: 'message',
        status: incompleteReason ? 'incomplete' : 'completed',
        content: [part],
        role: 'assistant',
      };
  const output = reasoningItem ? [reasoningItem, mainItem] : [mainItem];
  const cached = Math.min(ex.scenario.cachedTokens ?? 0, inputTokens);
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: plan.reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };

  const base = {
    id: hexId('resp_', 24),
    object: 'response',
    created_at: nowSeconds(),
    background: false,
    error: null,
    instructions: body.instructions ?? null,
    max_output_tokens: cap ?? null,
    max_tool_calls: null,
    model,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: {
      effort: (body.reasoning as Item | undefined)?.effort ?? (isReasoningModel(model) ? 'medium' : null),
      summary: null,
    },
    service_tier: servedTier(body),
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
  const final = {
    ...base,
    status: incompleteReason ? 'incomplete' : 'completed',
    incomplete_details: incompleteReason ? { reason: incompleteReason } : null,
    output,
    usage: ex.scenario.noUsage ? null : usage,
  };
  if (body.stream !== true) {
    sendJson(ex.res, 200, ex.headers, final);
    return;
  }

  let sequence = 0;
  const errorAfter = ex.scenario.streamErrorAfter ?? 0;
  const sse = await openStream(ex, {
    event: 'error',
    data: {
      type: 'error',
      code: 'server_error',
      message: 'The server had an error while processing your request. Sorry about that!',
      param: null,
      sequence_number: errorAfter,
    },
  });
  const send = (type: string, data: Item) => sse.send({ type, ...data, sequence_number: sequence++ }, type);
  const pending = { ...base, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  await send('response.created', { response: pending });
  await send('response.in_progress', { response: pending });
  let outputIndex = 0;
  if (reasoningItem) {
    await send('response.output_item.added', { output_index: outputIndex, item: reasoningItem });
    await send('response.output_item.done', { output_index: outputIndex, item: reasoningItem });
    outputIndex += 1;
  }
  const itemId = mainItem.id;
  if (tool) {
    await send('response.output_item.added', {
      output_index: outputIndex,
      item: { ...mainItem, status: 'in_progress', arguments: '' },
    });
    for (const delta of splitPieces(args)) {
      if (!sse.alive) break;
      await send('response.function_call_arguments.delta', {
        item_id: itemId,
        output_index: outputIndex,
        delta,
      });
    }
    await send('response.function_call_arguments.done', {
      item_id: itemId,
      output_index: outputIndex,
      name: tool.name,
      arguments: args,
    });
  } else {
    const where = { item_id: itemId, output_index: outputIndex, content_index: 0 };
    await send('response.output_item.added', {
      output_index: outputIndex,
      item: { ...mainItem, status: 'in_progress', content: [] },
    });
    await send('response.content_part.added', { ...where, part: { ...part, text: '' } });
    for (const delta of pieces) {
      if (!sse.alive) break;
      await send('response.output_text.delta', { ...where, delta, logprobs: [] });
    }
    await send('response.output_text.done', { ...where, text, logprobs: [] });
    await send('response.content_part.done', { ...where, part });
  }
  await send('response.output_item.done', { output_index: outputIndex, item: mainItem });
  await send(incompleteReason ? 'response.incomplete' : 'response.completed', { response: final });
  sse.end();
}
