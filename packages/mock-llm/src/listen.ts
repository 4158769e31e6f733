import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2Session } from 'node:http2';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/**
 * One port for HTTP/1.1 and cleartext HTTP/2. Most SDKs speak HTTP/1.1; the AWS SDK's Bedrock Runtime client
 * sends every request over HTTP/2 (its default request handler is `NodeHttp2Handler`), which on an `http://`
 * endpoint means prior knowledge: the connection starts with the HTTP/2 preface `PRI * HTTP/2.0`
 * (RFC 9113, section 3.3). The first bytes of each connection pick the server; both use the same handler, through
 * Node's HTTP/2 compatibility API (request and response objects shaped like node:http's).
 */
export async function listenHttp1And2(handler: Handler, port: number, host: string): Promise<Listening> {
  const http1 = createHttp1Server(handler);
  const http2 = createHttp2Server(handler as never);
  const sessions = new Set<Http2Session>();
  http2.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  const sockets = new Set<Socket>();
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      const server = first.toString('latin1', 0, 3) === 'PRI' ? http2 : http1;
      server.emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => {
      front.off('error', reject);
      resolve();
    });
  });
  return {
    port: (front.address() as AddressInfo).port,
    close() {
      return new Promise<void>((resolve, reject) => {
        front.close((err) => (err ? reject(err) : resolve()));
        // SDK clients keep connections alive; close them so close() resolves now.
        for (const session of sessions) session.destroy();
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
