import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { knownEndpoint } from '../core/aws-sdk/client-endpoint.js';
import { type AwsCommandSpec, patchSend } from '../core/aws-sdk/patch-send.js';
import { LlmcostInstrumentation, moduleExport } from '../core/instrumentation-base.js';
import type { ClientInfo } from '../core/types.js';
import type { LlmcostInstrumentationConfig } from '../types.js';
import { converseAdapter, converseStreamAdapter } from './converse-adapter.js';
import { invokeAdapterFor, invokeStreamAdapterFor } from './invoke-adapter.js';

/** @aws-sdk/client-bedrock-runtime 3.x: every command goes through `BedrockRuntimeClient.prototype.send`. */
export const SUPPORTED_BEDROCK_RUNTIME_VERSIONS = ['>=3.0.0 <4'];

/**
 * The commands observed, by export name. Converse and Invoke commands each bill one model call. Not observed:
 * CountTokens (bills nothing), ApplyGuardrail (guardrail pricing, not tokens), the async invocations (their
 * result arrives in S3, not in the response) and InvokeModelWithBidirectionalStream (speech to speech: audio
 * pricing).
 */
const COMMANDS: [string, AwsCommandSpec][] = [
  ['ConverseCommand', { adapter: () => converseAdapter }],
  ['ConverseStreamCommand', { adapter: () => converseStreamAdapter, streamMember: 'stream' }],
  ['InvokeModelCommand', { adapter: invokeAdapterFor }],
  ['InvokeModelWithResponseStreamCommand', { adapter: invokeStreamAdapterFor, streamMember: 'body' }],
];

/** `server.address` from the client's endpoint (its custom `endpoint`, else its region's Bedrock Runtime host). */
const clientInfo: ClientInfo = (client) => ({ provider: 'aws.bedrock', baseURL: knownEndpoint(client) });

/** Spans, cost, metrics and budgets for `@aws-sdk/client-bedrock-runtime`: Converse, ConverseStream, InvokeModel
 * and InvokeModelWithResponseStream, through the AWS SDK v3 transport (../core/aws-sdk). */
export class BedrockRuntimeInstrumentation extends LlmcostInstrumentation {
  constructor(config: LlmcostInstrumentationConfig = {}) {
    super(config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        '@aws-sdk/client-bedrock-runtime',
        SUPPORTED_BEDROCK_RUNTIME_VERSIONS,
        (module) => {
          this.patch(module);
          return module;
        },
        (module) => this.unpatch(module),
      ),
    ];
  }

  private patch(module: any): void {
    const proto = moduleExport(module, 'BedrockRuntimeClient')?.prototype;
    if (typeof proto?.send !== 'function') {
      this._diag.warn(
        '@aws-sdk/client-bedrock-runtime: BedrockRuntimeClient.prototype.send not found; not observed',
      );
      return;
    }
    const specs = new Map<unknown, AwsCommandSpec>();
    for (const [name, spec] of COMMANDS) {
      const command = moduleExport(module, name);
      if (typeof command === 'function') specs.set(command, spec);
    }
    this.wrapMethod(proto, 'send', patchSend(this, specs, clientInfo));
  }

  private unpatch(module: any): void {
    this.unwrapMethod(moduleExport(module, 'BedrockRuntimeClient')?.prototype, 'send');
  }
}
