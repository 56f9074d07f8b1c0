import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Socket,
} from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { SandboxTls } from './tls';

/** The first byte of a TLS record that carries a handshake (a ClientHello). */
const TLS_HANDSHAKE = 0x16;

/** A port that serves plain HTTP and HTTPS. */
export interface DualListener {
  /** The port it listens on. */
  readonly port: number;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/** Whether a request came over TLS. */
export function isSecure(req: IncomingMessage): boolean {
  return (req.socket as Partial<TLSSocket>).encrypted === true;
}

/**
 * Listens on one port for both HTTP and HTTPS: the first byte of each
 * connection decides (0x16, a TLS handshake record, goes to the TLS server;
 * anything else to the plain HTTP server), so the AWS endpoint can stay
 * `http://host:port` while the Kubernetes endpoints on the same port are
 * `https://`. Both servers keep connections alive as usual; `close()` ends
 * them all.
 */
export async function listenHttpAndHttps(opts: {
  port: number;
  host: string;
  tls: SandboxTls;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}): Promise<DualListener> {
  const http = createHttpServer(opts.handler);
  const https = createHttpsServer(
    {
      cert: opts.tls.certPem,
      key: opts.tls.keyPem,
      ALPNProtocols: ['http/1.1'],
    },
    opts.handler,
  );
  const sockets = new Set<Socket>();
  const net = createNetServer(socket => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // until a server owns the socket, an error (a reset) only ends it
    const onEarlyError = () => socket.destroy();
    socket.on('error', onEarlyError);
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      if (chunk[0] === TLS_HANDSHAKE) {
        // the TLS socket wraps this one, which keeps its error listener
        https.emit('connection', socket);
      } else {
        // the HTTP server answers errors itself (a 400 for a bad request)
        socket.off('error', onEarlyError);
        http.emit('connection', socket);
      }
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve, reject) => {
    net.once('error', reject);
    net.listen(opts.port, opts.host, () => {
      net.off('error', reject);
      resolve();
    });
  });
  return {
    port: (net.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        net.close(err => (err ? reject(err) : resolve()));
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      }),
  };
}
