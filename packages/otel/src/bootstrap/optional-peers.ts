import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';

// Exporters an app adds only when it uses them (optional peerDependencies in package.json, checked by
// optional-peers.test.ts): the gRPC ones pull in @grpc/grpc-js, @grpc/proto-loader and protobufjs (about 20
// packages), the Prometheus one is a scrape server most apps never start. `npm install @llmcost/otel` installs none.
export const OPTIONAL_PEERS = {
  '@opentelemetry/exporter-trace-otlp-grpc': '0.223',
  '@opentelemetry/exporter-metrics-otlp-grpc': '0.223',
  '@opentelemetry/exporter-logs-otlp-grpc': '0.223',
  '@opentelemetry/exporter-prometheus': '0.223',
} as const;

export type OptionalPeer = keyof typeof OPTIONAL_PEERS;

const requireFromHere = createRequire(import.meta.url);

function stderr(line: string): void {
  try {
    writeSync(2, `${line}\n`);
  } catch {
    // stderr closed: nothing more to say.
  }
}

/**
 * Whether an optional peer can be loaded. If not, says so in one line: what needed it, the command that adds it,
 * and what is left out meanwhile (`without`). Checked at start-up, where the exporter is configured, so the line
 * comes before any traffic and not at the first export.
 */
export function optionalPeerInstalled(
  id: OptionalPeer,
  neededBy: string,
  without: string,
  say: (line: string) => void = stderr,
  resolve: (id: string) => string = requireFromHere.resolve,
): boolean {
  try {
    resolve(id);
    return true;
  } catch {
    say(
      `llmcost: ${neededBy} needs ${id}, which is not installed: npm install ${id}@${OPTIONAL_PEERS[id]}; ${without}`,
    );
    return false;
  }
}
