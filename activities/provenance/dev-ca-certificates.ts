/**
 * The certificates of Loupe's development CA: a root, and an end-entity content-signing
 * certificate issued by it, both ES256 (ECDSA P-256 with SHA-256).
 *
 * Built with @peculiar/x509 over WebCrypto; Node's own X.509 parser checks the result before it
 * is returned, and no `openssl` binary is needed (a fresh machine may not have one).
 *
 * The signing certificate follows what c2pa-rs checks for a C2PA signer (C2PA 2.x §14.5, "Signing
 * certificates"): X.509 v3, ecdsa-with-SHA256 on P-256, KeyUsage digitalSignature (critical), an
 * allowed extended key usage (emailProtection and id-kp-documentSigning), BasicConstraints cA
 * FALSE, AuthorityKeyIdentifier present, no unique ids. The root is a CA (BasicConstraints critical,
 * path length 0: it issues end-entity certificates only) with keyCertSign and cRLSign.
 * Names are UTF8String, as RFC 5280 §4.1.2.6 asks of new certificates.
 */
import { KeyObject, X509Certificate, randomBytes, webcrypto } from 'node:crypto';
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect
// metadata API before the library loads (its README: "Reflect Polyfill Required").
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export const DEV_ROOT_CA_COMMON_NAME = 'Loupe Development Root CA';
export const DEV_SIGNER_COMMON_NAME = 'Loupe Development Content Signer';

/** How long the development root stays valid, in years. */
const ROOT_VALIDITY_YEARS = 10;
/** How long a development signing certificate stays valid, in years (shorter than its root). */
const SIGNER_VALIDITY_YEARS = 2;
/** Back-dating of notBefore, so a verifier whose clock is slightly behind still accepts the certificates. */
const CLOCK_SKEW_MS = 60 * 60 * 1000;

/** id-kp-documentSigning (RFC 9336), one of the extended key usages C2PA allows for signers. */
const DOCUMENT_SIGNING_EKU = '1.3.6.1.5.5.7.3.36';

const P256_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ES256_SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The four PEM texts of a development CA, as stored in its directory. */
export interface DevCaPems {
  /** The root certificate (self-signed), PEM. */
  rootCertPem: string;
  /** The root's private key, PKCS#8 PEM; kept so the CA stays a real CA that can issue again. */
  rootKeyPem: string;
  /** The content-signing certificate issued by the root, PEM. */
  signerCertPem: string;
  /** The signing certificate's private key, PKCS#8 PEM. */
  signerKeyPem: string;
}

/**
 * Creates a fresh root CA and an end-entity signing certificate issued by it, valid from an hour
 * before `now` for 10 years (root) and 2 years (signer). `names` overrides the common names
 * (tests use it to make a second CA with a different name). Throws if the created certificates
 * do not verify under Node's X.509 parser, which would be a bug here, not bad input.
 */
export async function createDevCaPems(now: Date, names?: { root?: string; signer?: string }): Promise<DevCaPems> {
  const crypto = webcrypto as unknown as Crypto;
  const root = await crypto.subtle.generateKey(P256_KEY, true, ['sign', 'verify']);
  const signer = await crypto.subtle.generateKey(P256_KEY, true, ['sign', 'verify']);
  const rootName = new x509.Name([
    { O: [{ utf8String: 'Loupe' }] },
    { CN: [{ utf8String: names?.root ?? DEV_ROOT_CA_COMMON_NAME }] },
  ]);
  const signerName = new x509.Name([
    { O: [{ utf8String: 'Loupe' }] },
    { OU: [{ utf8String: 'Development' }] },
    { CN: [{ utf8String: names?.signer ?? DEV_SIGNER_COMMON_NAME }] },
  ]);
  const notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const rootKeyId = await x509.AuthorityKeyIdentifierExtension.create(root.publicKey, false, crypto);

  const rootCert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: rootName,
      issuer: rootName,
      notBefore,
      notAfter: addYears(now, ROOT_VALIDITY_YEARS),
      publicKey: root.publicKey,
      signingKey: root.privateKey,
      signingAlgorithm: ES256_SIGNATURE,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(root.publicKey, false, crypto),
        rootKeyId,
      ],
    },
    crypto,
  );
  const signerCert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: signerName,
      issuer: rootName,
      notBefore,
      notAfter: addYears(now, SIGNER_VALIDITY_YEARS),
      publicKey: signer.publicKey,
      signingKey: root.privateKey,
      signingAlgorithm: ES256_SIGNATURE,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection, DOCUMENT_SIGNING_EKU], false),
        await x509.SubjectKeyIdentifierExtension.create(signer.publicKey, false, crypto),
        rootKeyId,
      ],
    },
    crypto,
  );

  // Node's parser writes the PEM (64-column lines, one trailing newline, as the loader and the
  // chain concatenation expect) and is an independent check before anything reaches the disk.
  const rootX509 = new X509Certificate(Buffer.from(rootCert.rawData));
  const signerX509 = new X509Certificate(Buffer.from(signerCert.rawData));
  const rootPublicKey = KeyObject.from(root.publicKey);
  if (!rootX509.verify(rootPublicKey) || !signerX509.verify(rootPublicKey) || !signerX509.checkIssued(rootX509)) {
    throw new Error('Internal error: the freshly created development certificates do not verify.');
  }
  return {
    rootCertPem: rootX509.toString(),
    rootKeyPem: pkcs8Pem(root.privateKey),
    signerCertPem: signerX509.toString(),
    signerKeyPem: pkcs8Pem(signer.privateKey),
  };
}

/** 16 random bytes as hex, top bit clear (a positive INTEGER) and non-zero first byte (no byte to strip). */
function serialNumber(): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial.toString('hex');
}

function pkcs8Pem(privateKey: CryptoKey): string {
  return KeyObject.from(privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
}

function addYears(date: Date, years: number): Date {
  const result = new Date(date.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}
