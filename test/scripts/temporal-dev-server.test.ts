/**
 * The Temporal dev server and its Web UI listen on loopback only (issue 10, section 3 item 12): the
 * UI shows every workflow's inputs, prompts under review included, and has no sign-in. Checked from
 * the arguments and against a real dev server: its UI and frontend answer on 127.0.0.1 and refuse
 * connections to another loopback address (127.0.0.2) and to this machine's other addresses.
 */
import net from 'node:net';
import os from 'node:os';
import { DEV_SERVER_IP, devServerArgs, startTemporalDevServer, type TemporalDevServer } from '../../scripts/stack/temporal-dev-server';
import { freePort } from '../../scripts/stack/free-port';

/** 'open' when a TCP connection to host:port is accepted, 'unreachable' when it is refused or not answered within 3 s. */
function probe(host: string, port: number): Promise<'open' | 'unreachable'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('unreachable');
    });
    socket.once('error', () => resolve('unreachable'));
  });
}

/** Every address of this machine's interfaces other than 127.0.0.1 (IPv4 and IPv6), plus 127.0.0.2. */
function otherLocalAddresses(): string[] {
  const addresses = Object.values(os.networkInterfaces()).flat()
    .filter((info): info is os.NetworkInterfaceInfo => Boolean(info))
    .filter((info) => info.address !== DEV_SERVER_IP && !info.address.startsWith('fe80:'))
    .map((info) => info.address);
  return ['127.0.0.2', ...addresses];
}

it('binds the frontend and the Web UI to 127.0.0.1, explicitly', () => {
  const args = devServerArgs({ port: 7233, uiPort: 8233, dbFile: null, namespace: 'default' });
  expect(args[args.indexOf('--ip') + 1]).toBe('127.0.0.1');
  expect(args[args.indexOf('--ui-ip') + 1]).toBe('127.0.0.1');
  expect(args).not.toContain('0.0.0.0');
  expect(devServerArgs({ port: 7233, uiPort: null, dbFile: null, namespace: 'default' })).toContain('--headless');
});

describe('a running dev server', () => {
  let server: TemporalDevServer;
  let port: number;
  let uiPort: number;
  beforeAll(async () => {
    [port, uiPort] = [await freePort(), await freePort()];
    server = await startTemporalDevServer({ port, uiPort, dbFile: null, namespace: 'default', cliPath: process.env.TEMPORAL_CLI_PATH });
  });
  afterAll(async () => server?.stop());

  it('answers on loopback: the UI over HTTP and the frontend over TCP', async () => {
    const page = await fetch(server.uiUrl!);
    expect(page.status).toBe(200);
    expect(await probe(DEV_SERVER_IP, port)).toBe('open');
  });

  it('refuses connections to its ports on every other local address', async () => {
    const others = otherLocalAddresses();
    expect(others.length).toBeGreaterThan(0);
    for (const address of others) {
      expect({ address, ui: await probe(address, uiPort), frontend: await probe(address, port) }).toEqual({ address, ui: 'unreachable', frontend: 'unreachable' });
    }
  });
});
