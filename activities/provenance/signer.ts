/**
 * Who holds the private key. Loupe signs C2PA manifests through this one interface, so the key can
 * live in the process (the development CA, or a PEM key from configuration) or behind a callback
 * (a KMS or HSM that signs a digest and never hands the key out). c2pa-rs builds the COSE
 * structure; the signer only turns the bytes to be signed into an ES256 signature.
 */
import { createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { splitPemCertificates, type SigningMaterial } from './signing-material';

export interface ContentSigner {
  algorithm: 'es256';
  /** PEM certificates, signing certificate first: embedded in every manifest so verifiers can build the chain. */
  certChainPem: string;
  /** ES256 over `data` as raw r||s (IEEE P1363, 64 bytes), which is what COSE wants. */
  sign(data: Buffer): Promise<Buffer>;
  /** RFC 3161 time-stamp authority, if the signature should carry a trusted signing time. */
  tsaUrl?: string;
}

/** A signer whose key is in this process: the development CA, or C2PA_PRIVATE_KEY_PATH. */
export function localSigner(material: SigningMaterial): ContentSigner {
  if (material.algorithm !== 'es256') {
    throw new Error(`Unsupported signing algorithm ${String(material.algorithm)}; Loupe signs with es256.`);
  }
  if (splitPemCertificates(material.certChainPem).length === 0) {
    throw new Error('The signing material has no PEM certificate in certChainPem.');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(material.privateKeyPem);
  } catch (error) {
    throw new Error(`The signing material's private key cannot be parsed: ${(error as Error).message}`, { cause: error });
  }
  return {
    algorithm: 'es256',
    certChainPem: material.certChainPem,
    tsaUrl: material.tsaUrl,
    sign: async (data) => cryptoSign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }),
  };
}

/**
 * A signer whose key is elsewhere. `signDigest` receives the SHA-256 digest of the bytes to sign
 * (what KMS `Sign` with MessageType DIGEST and ECDSA_SHA_256, or a PKCS#11 CKM_ECDSA call, takes)
 * and returns either a DER ECDSA signature (what KMS returns) or raw r||s; both are accepted.
 */
export function callbackSigner(options: {
  certChainPem: string;
  /** `toBeSigned` is passed too, for signers that hash themselves (e.g. KMS MessageType RAW for small inputs). */
  signDigest: (sha256Digest: Buffer, toBeSigned: Buffer) => Promise<Buffer>;
  tsaUrl?: string;
}): ContentSigner {
  if (splitPemCertificates(options.certChainPem).length === 0) {
    throw new Error('A callback signer needs the PEM certificate chain of its key (signing certificate first).');
  }
  return {
    algorithm: 'es256',
    certChainPem: options.certChainPem,
    tsaUrl: options.tsaUrl,
    async sign(data) {
      const { createHash } = await import('node:crypto');
      const signature = await options.signDigest(createHash('sha256').update(data).digest(), data);
      return signature.length === 64 ? signature : derToP1363(signature);
    },
  };
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } to 32-byte r || 32-byte s. */
export function derToP1363(der: Buffer): Buffer {
  const fail = () => {
    throw new Error('The signer returned neither a 64-byte raw ES256 signature nor a DER ECDSA signature.');
  };
  if (der[0] !== 0x30) fail();
  let offset = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
  const readInteger = () => {
    if (der[offset] !== 0x02) fail();
    const length = der[offset + 1]!;
    let value = der.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    while (value.length > 32 && value[0] === 0) value = value.subarray(1);
    if (value.length > 32) fail();
    return Buffer.concat([Buffer.alloc(32 - value.length), value]);
  };
  const r = readInteger();
  const s = readInteger();
  return Buffer.concat([r, s]);
}
