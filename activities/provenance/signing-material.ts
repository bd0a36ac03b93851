/**
 * Signing material for C2PA manifests: the certificate chain, its private key and the trust
 * anchors, loaded from PEM and checked before anything is signed with it.
 *
 * Both sources of material end here: a real C2PA signing certificate supplied through
 * configuration (`loadSigningMaterialFromFiles`, C2PA_CERT_CHAIN_PATH / C2PA_PRIVATE_KEY_PATH /
 * C2PA_TRUST_ANCHORS_PATH) and Loupe's development CA (`./dev-ca.ts`), so both produce the same
 * checked `SigningMaterial`. Certificates are parsed with Node's own X.509 parser.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { errorMessage } from './error-message';

/** What a C2PA signature needs: the chain embedded in the manifest, the key, and the roots to trust. */
export interface SigningMaterial {
  /** PEM certificates, end-entity (signing) certificate first, then its issuers. */
  certChainPem: string;
  /** PKCS#8 PEM private key of the end-entity certificate. */
  privateKeyPem: string;
  /** PEM certificates a verifier should treat as trust anchors for Loupe's signatures. */
  trustAnchorsPem: string;
  algorithm: 'es256';
  /** RFC 3161 time-stamp authority to countersign with (C2PA_TSA_URL); unset: no time stamp. */
  tsaUrl?: string;
}

/**
 * Where each PEM text came from, so an error names the file to fix; `hint` is appended to every
 * sentence (e.g. how to recreate the development CA).
 */
export interface SigningMaterialSource {
  certChain: string;
  privateKey: string;
  trustAnchors: string;
  hint?: string;
}

/**
 * Loads a certificate chain, its private key and the trust anchors from PEM files, e.g. a real
 * C2PA signing certificate supplied through configuration. Throws an `Error` with a sentence naming
 * the file when something does not fit (unreadable, no certificate, key not matching the
 * certificate, certificate not valid now, ...).
 */
export async function loadSigningMaterialFromFiles(paths: {
  certChainPath: string;
  privateKeyPath: string;
  trustAnchorsPath: string;
}): Promise<SigningMaterial> {
  const [certChainPem, privateKeyPem, trustAnchorsPem] = await Promise.all([
    readPemFile(paths.certChainPath, 'certificate chain'),
    readPemFile(paths.privateKeyPath, 'private key'),
    readPemFile(paths.trustAnchorsPath, 'trust anchors'),
  ]);
  return checkSigningMaterial(
    { certChainPem, privateKeyPem, trustAnchorsPem, algorithm: 'es256' },
    {
      certChain: paths.certChainPath,
      privateKey: paths.privateKeyPath,
      trustAnchors: paths.trustAnchorsPath,
    },
  );
}

/** Splits a PEM bundle into its individual `-----BEGIN CERTIFICATE-----` blocks, each ending in a newline. */
export function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((block) => `${block}\n`) ?? [];
}

/**
 * Reads one PEM file as UTF-8. Throws an `Error` naming `what` and the file when it cannot be read.
 */
export async function readPemFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the ${what} file ${file}: ${errorMessage(error)}.`, { cause: error });
  }
}

/**
 * Checks material before it is used to sign, and returns it with the key normalised to PKCS#8 PEM.
 *
 * Checked: every certificate in the chain and the anchors parses; the key is an EC P-256 key
 * (ES256, the only algorithm Loupe signs with); it belongs to the first certificate of the chain;
 * that certificate is valid now. Throws an `Error` whose sentence names the file from `source`.
 */
export function checkSigningMaterial(material: SigningMaterial, source: SigningMaterialSource): SigningMaterial {
  const hint = source.hint ?? '';
  const chainBlocks = splitPemCertificates(material.certChainPem);
  if (chainBlocks.length === 0) {
    throw new Error(`No PEM certificate found in ${source.certChain}${hint}.`);
  }
  const chain = chainBlocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new Error(`Certificate #${index + 1} in ${source.certChain} cannot be parsed: ${errorMessage(error)}${hint}.`, { cause: error });
    }
  });
  const anchorBlocks = splitPemCertificates(material.trustAnchorsPem);
  if (anchorBlocks.length === 0) {
    throw new Error(`No PEM certificate found in ${source.trustAnchors}${hint}.`);
  }
  for (const [index, block] of anchorBlocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new Error(`Trust anchor #${index + 1} in ${source.trustAnchors} cannot be parsed: ${errorMessage(error)}${hint}.`, { cause: error });
    }
  }

  let key: KeyObject;
  try {
    key = createPrivateKey(material.privateKeyPem);
  } catch (error) {
    throw new Error(`The private key in ${source.privateKey} cannot be parsed: ${errorMessage(error)}${hint}.`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(
      `The private key in ${source.privateKey} must be an EC P-256 key for ES256 signing ` +
        `(found ${key.asymmetricKeyType ?? 'unknown'} ${key.asymmetricKeyDetails?.namedCurve ?? ''})${hint}.`,
    );
  }
  const leaf = chain[0]!;
  if (!leaf.checkPrivateKey(key)) {
    throw new Error(
      `The private key in ${source.privateKey} does not belong to the first certificate in ${source.certChain} ` +
        `(${leaf.subject.replace(/\n/g, ', ')})${hint}.`,
    );
  }
  const now = Date.now();
  if (Date.parse(leaf.validTo) <= now || Date.parse(leaf.validFrom) > now) {
    throw new Error(
      `The signing certificate in ${source.certChain} is not valid now (valid ${leaf.validFrom} to ${leaf.validTo})${hint}.`,
    );
  }
  // c2pa-rs PEM parsing expects plain PKCS#8; normalising here means any PEM flavour
  // Node understands (SEC1 "EC PRIVATE KEY", PKCS#8) is accepted from configuration.
  const privateKeyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { ...material, privateKeyPem };
}
