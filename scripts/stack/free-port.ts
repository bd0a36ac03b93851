/** A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it), for test and benchmark servers. */
import net from 'node:net';

/**
 * Resolves with a port number the OS just handed out and released. Another process may take it
 * before the caller binds it; callers start their server right away.
 * @throws the socket error when no port can be bound on 127.0.0.1
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
