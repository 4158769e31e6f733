import { type Env, readEnum, readHeaders, readUrl } from './env-parsers.js';
import { OTLP_PROTOCOLS, type OtlpSignalConfig } from './types.js';

const DEFAULT_HTTP_ENDPOINT = 'http://localhost:4318';
const DEFAULT_GRPC_ENDPOINT = 'http://localhost:4317';

/**
 * OTLP exporter settings of one signal, per the OTel exporter spec: the signal-specific endpoint is used
 * as is, the general one gets `/v1/{signal}` appended (except for gRPC, which takes the bare endpoint).
 * https://opentelemetry.io/docs/specs/otel/protocol/exporter/#endpoint-urls-for-otlphttp
 */
export function readOtlpSignal(env: Env, signal: 'traces' | 'metrics' | 'logs'): OtlpSignalConfig {
  const upper = signal.toUpperCase();
  const protocol =
    readEnum(env, `OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`, OTLP_PROTOCOLS) ??
    readEnum(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', OTLP_PROTOCOLS) ??
    'http/protobuf';
  const specific = readUrl(env, `OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`);
  const general = readUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  let url: string;
  if (specific !== undefined) url = specific;
  else if (protocol === 'grpc') url = general ?? DEFAULT_GRPC_ENDPOINT;
  else url = `${(general ?? DEFAULT_HTTP_ENDPOINT).replace(/\/+$/, '')}/v1/${signal}`;
  const headers = {
    ...readHeaders(env, 'OTEL_EXPORTER_OTLP_HEADERS'),
    ...readHeaders(env, `OTEL_EXPORTER_OTLP_${upper}_HEADERS`),
  };
  return Object.freeze({ url, protocol, headers: Object.freeze(headers) });
}
