import type { CostOptions, CostResult, Usage } from '@llmcost/pricing';

/** Same shape as `computeCost` of @llmcost/pricing. */
export type PriceFunction = (usage: Usage, model: string, options: CostOptions) => CostResult;

/** Price with the response model (a dated snapshot is the most precise), then the request model. Azure prices
 * the deployment name first: the pricing file maps deployments to models. Bedrock prices the model id called
 * first: its geography prefix or inference-profile ARN decides the rate (regional Claude 4.5+ is 10% above global,
 * https://aws.amazon.com/bedrock/pricing/), and the `model` an Anthropic body reports has neither. */
const REQUEST_MODEL_FIRST = new Set(['azure.ai.openai', 'aws.bedrock']);

/**
 * The first priced result of the call's models in that order, else the last result (unpriced); undefined when
 * the call names no model. Shared by the recorder (llmcost's spans) and CostSpanProcessor (other spans).
 */
export function priceModels(
  price: PriceFunction,
  usage: Usage,
  provider: string | undefined,
  requestModel: string | undefined,
  responseModel: string | undefined,
  /** The tier that decides the rates (OpenAI flex / priority): the one the response reports, else the one asked. */
  serviceTier?: string,
): CostResult | undefined {
  const requestFirst = provider !== undefined && REQUEST_MODEL_FIRST.has(provider);
  const first = requestFirst ? requestModel : responseModel;
  const second = requestFirst ? responseModel : requestModel;
  const options: CostOptions = provider !== undefined ? { provider } : {};
  if (serviceTier !== undefined) options.serviceTier = serviceTier;
  let result: CostResult | undefined;
  if (first !== undefined) {
    result = price(usage, first, options);
    if (result.status === 'priced') return result;
  }
  if (second !== undefined && second !== first) result = price(usage, second, options);
  return result;
}
