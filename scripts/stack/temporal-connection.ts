/** Connection options for a Temporal cluster named by TEMPORAL_ADDRESS (TLS and API key from configuration). */
import fs from 'node:fs';
import type { NativeConnectionOptions } from '@temporalio/worker';
import type { LoupeConfig } from '../../config/env';

/** Usable by both the client's Connection and the worker's NativeConnection. */
export function clusterConnectionOptions(config: LoupeConfig, address: string): Pick<NativeConnectionOptions, 'address' | 'apiKey' | 'tls'> {
  const read = (file: string | undefined) => (file ? fs.readFileSync(file) : undefined);
  const useTls = Boolean(config.TEMPORAL_TLS_CERT_PATH || config.TEMPORAL_TLS_CA_PATH || config.TEMPORAL_API_KEY);
  return {
    address,
    apiKey: config.TEMPORAL_API_KEY,
    tls: useTls
      ? {
          serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
          serverRootCACertificate: read(config.TEMPORAL_TLS_CA_PATH),
          clientCertPair:
            config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
              ? { crt: read(config.TEMPORAL_TLS_CERT_PATH)!, key: read(config.TEMPORAL_TLS_KEY_PATH)! }
              : undefined,
        }
      : undefined,
  };
}
