import { createRequire } from 'node:module';

// Exporters are loaded only when configured: the gRPC one alone pulls in @grpc/grpc-js, and the
// register entry must stay cheap for apps that export nothing (see README, start-up cost).
const requireFromHere = createRequire(import.meta.url);

export function lazyRequire<T>(id: string): T {
  return requireFromHere(id) as T;
}
