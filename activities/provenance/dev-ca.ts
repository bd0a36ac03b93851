/**
 * Signing material for C2PA manifests.
 *
 * In the embedded (laptop) setup Loupe signs with a development CA that it creates on first start;
 * at scale the key lives in a KMS/HSM and a real certificate is supplied through configuration
 * (`loadSigningMaterialFromFiles`). Both paths produce the same `SigningMaterial`.
 *
 * The certificates are built here with Node's own crypto (key generation, ECDSA signing, and
 * `X509Certificate` to check the result) plus a small DER encoder for the one fixed certificate
 * profile we need. That keeps the dependency surface at zero and never shells out to an `openssl`
 * binary, which a fresh machine may not have.
 *
 * The profile follows what c2pa-rs checks for a signing certificate (C2PA 2.x §14.5): X.509 v3,
 * ecdsa-with-SHA256 on P-256, KeyUsage digitalSignature, an allowed EKU (emailProtection and
 * id-kp-documentSigning), not a CA, AuthorityKeyIdentifier present, no unique ids.
 */
import {
  X509Certificate,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign as cryptoSign,
  type KeyObject,
} from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, readFile, readdir, rename, rm, rmdir, writeFile, open } from 'node:fs/promises';
import path from 'node:path';

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

export const DEV_ROOT_CA_COMMON_NAME = 'Loupe Development Root CA';
export const DEV_SIGNER_COMMON_NAME = 'Loupe Development Content Signer';

/** File names inside the dev CA directory. The root key is kept so the CA stays a real CA. */
const FILES = {
  rootCert: 'root-ca.cert.pem',
  rootKey: 'root-ca.key.pem',
  signerCert: 'signer.cert.pem',
  signerKey: 'signer.key.pem',
} as const;

const ROOT_VALIDITY_YEARS = 10;
const SIGNER_VALIDITY_YEARS = 2;

/**
 * Returns the development signing material stored in `dir`, creating it on the first call.
 *
 * `dir` belongs to this function: it is created whole (all four PEM files are written into a
 * staging directory which is then renamed into place), so a crash mid-creation leaves either no
 * CA or a complete one, never half of one. Existing material is never regenerated; if it is
 * damaged or expired the call fails with a sentence saying what to do instead of silently
 * minting a new root that previously signed clips would no longer chain to.
 */
export async function ensureDevCa(dir: string): Promise<SigningMaterial> {
  const target = path.resolve(dir);
  if (await hasCompleteCa(target)) return loadDevCa(target);

  if (await exists(target)) {
    const entries = await readdir(target);
    if (entries.length > 0) {
      throw new Error(
        `Development CA directory ${target} exists but does not hold a complete Loupe dev CA ` +
          `(expected ${Object.values(FILES).join(', ')}); remove it or point Loupe at an empty directory.`,
      );
    }
  }

  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(target)}.staging-${process.pid}-${randomBytes(6).toString('hex')}`);
  await mkdir(staging, { mode: 0o700 });
  try {
    const created = createDevCaPems(new Date());
    await writeDurably(path.join(staging, FILES.rootCert), created.rootCertPem, 0o644);
    await writeDurably(path.join(staging, FILES.rootKey), created.rootKeyPem, 0o600);
    await writeDurably(path.join(staging, FILES.signerCert), created.signerCertPem, 0o644);
    await writeDurably(path.join(staging, FILES.signerKey), created.signerKeyPem, 0o600);
    await fsyncDir(staging);

    // An empty target (e.g. created by a caller's mkdir) would make rename fail on some platforms.
    if (await exists(target)) await rmdir(target).catch(() => undefined);
    try {
      await rename(staging, target);
    } catch (error) {
      // Another process won the race and created the CA first: use theirs, never overwrite it.
      if (isErrnoException(error) && (error.code === 'ENOTEMPTY' || error.code === 'EEXIST')) {
        if (await hasCompleteCa(target)) return loadDevCa(target);
      }
      throw error;
    }
    await fsyncDir(parent);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return loadDevCa(target);
}

/**
 * Loads a certificate chain, its private key and the trust anchors from PEM files, e.g. a real
 * C2PA signing certificate supplied through configuration. Fails with a message naming the file
 * when something does not fit (unreadable, no certificate, key not matching the certificate, ...).
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
  return validateSigningMaterial(
    { certChainPem, privateKeyPem, trustAnchorsPem, algorithm: 'es256' },
    {
      certChain: paths.certChainPath,
      privateKey: paths.privateKeyPath,
      trustAnchors: paths.trustAnchorsPath,
    },
  );
}

/** Splits a PEM bundle into its individual `-----BEGIN CERTIFICATE-----` blocks. */
export function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((block) => `${block}\n`) ?? [];
}

// ---------------------------------------------------------------------------------------------
// Loading and validation

async function loadDevCa(dir: string): Promise<SigningMaterial> {
  const [rootCertPem, signerCertPem, signerKeyPem] = await Promise.all([
    readPemFile(path.join(dir, FILES.rootCert), 'dev root CA certificate'),
    readPemFile(path.join(dir, FILES.signerCert), 'dev signing certificate'),
    readPemFile(path.join(dir, FILES.signerKey), 'dev signing key'),
  ]);
  // The chain carries the root too: verifiers that only know the root's hash (allowed lists) and
  // tools that show the chain both work, and c2pa-rs accepts an anchor inside the chain.
  return validateSigningMaterial(
    {
      certChainPem: signerCertPem + rootCertPem,
      privateKeyPem: signerKeyPem,
      trustAnchorsPem: rootCertPem,
      algorithm: 'es256',
    },
    {
      certChain: path.join(dir, FILES.signerCert),
      privateKey: path.join(dir, FILES.signerKey),
      trustAnchors: path.join(dir, FILES.rootCert),
      hint: ` (Loupe's development CA in ${dir}; delete that directory to create a new one)`,
    },
  );
}

function validateSigningMaterial(
  material: SigningMaterial,
  source: { certChain: string; privateKey: string; trustAnchors: string; hint?: string },
): SigningMaterial {
  const hint = source.hint ?? '';
  const chainBlocks = splitPemCertificates(material.certChainPem);
  if (chainBlocks.length === 0) {
    throw new Error(`No PEM certificate found in ${source.certChain}${hint}.`);
  }
  const chain = chainBlocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new Error(`Certificate #${index + 1} in ${source.certChain} cannot be parsed: ${message(error)}${hint}.`);
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
      throw new Error(`Trust anchor #${index + 1} in ${source.trustAnchors} cannot be parsed: ${message(error)}${hint}.`);
    }
  }

  let key: KeyObject;
  try {
    key = createPrivateKey(material.privateKeyPem);
  } catch (error) {
    throw new Error(`The private key in ${source.privateKey} cannot be parsed: ${message(error)}${hint}.`);
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

async function readPemFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the ${what} file ${file}: ${message(error)}.`);
  }
}

async function hasCompleteCa(dir: string): Promise<boolean> {
  for (const name of Object.values(FILES)) {
    if (!(await exists(path.join(dir, name)))) return false;
  }
  return true;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes a file and flushes it to disk, so the later rename publishes complete content. */
async function writeDurably(file: string, content: string, mode: number): Promise<void> {
  await writeFile(file, content, { mode, flag: 'wx' });
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename itself durable; not every platform allows it, which is fine.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Certificate creation

interface DevCaPems {
  rootCertPem: string;
  rootKeyPem: string;
  signerCertPem: string;
  signerKeyPem: string;
}

/** Creates a fresh root CA and an end-entity signing certificate issued by it. */
export function createDevCaPems(now: Date, names?: { root?: string; signer?: string }): DevCaPems {
  const root = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rootName = [
    { oid: OID.organizationName, value: 'Loupe' },
    { oid: OID.commonName, value: names?.root ?? DEV_ROOT_CA_COMMON_NAME },
  ];
  const signerName = [
    { oid: OID.organizationName, value: 'Loupe' },
    { oid: OID.organizationalUnitName, value: 'Development' },
    { oid: OID.commonName, value: names?.signer ?? DEV_SIGNER_COMMON_NAME },
  ];
  const rootKeyId = keyIdentifier(root.publicKey);
  const signerKeyId = keyIdentifier(signer.publicKey);
  // Back-date by an hour so a verifier whose clock is slightly behind still accepts the cert.
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);

  const rootDer = buildCertificate({
    subject: rootName,
    issuer: rootName,
    subjectPublicKey: root.publicKey,
    issuerPrivateKey: root.privateKey,
    notBefore,
    notAfter: addYears(now, ROOT_VALIDITY_YEARS),
    extensions: [
      extension(OID.basicConstraints, true, seq(bool(true), int(Buffer.from([0])))),
      extension(OID.keyUsage, true, keyUsageBits([KU.keyCertSign, KU.cRLSign])),
      extension(OID.subjectKeyIdentifier, false, octets(rootKeyId)),
      extension(OID.authorityKeyIdentifier, false, seq(tlv(0x80, rootKeyId))),
    ],
  });
  const signerDer = buildCertificate({
    subject: signerName,
    issuer: rootName,
    subjectPublicKey: signer.publicKey,
    issuerPrivateKey: root.privateKey,
    notBefore,
    notAfter: addYears(now, SIGNER_VALIDITY_YEARS),
    extensions: [
      // An empty BasicConstraints sequence means cA = FALSE (DER omits the default).
      extension(OID.basicConstraints, true, seq()),
      extension(OID.keyUsage, true, keyUsageBits([KU.digitalSignature])),
      extension(OID.extKeyUsage, false, seq(oid(OID.emailProtection), oid(OID.documentSigning))),
      extension(OID.subjectKeyIdentifier, false, octets(signerKeyId)),
      extension(OID.authorityKeyIdentifier, false, seq(tlv(0x80, rootKeyId))),
    ],
  });

  const rootCertPem = toPem('CERTIFICATE', rootDer);
  const signerCertPem = toPem('CERTIFICATE', signerDer);
  // Self-check with Node's own X.509 parser before anything is written to disk.
  const rootCert = new X509Certificate(rootCertPem);
  const signerCert = new X509Certificate(signerCertPem);
  if (!rootCert.verify(root.publicKey) || !signerCert.verify(root.publicKey) || !signerCert.checkIssued(rootCert)) {
    throw new Error('Internal error: the freshly created development certificates do not verify.');
  }
  return {
    rootCertPem,
    rootKeyPem: root.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    signerCertPem,
    signerKeyPem: signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const OID = {
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  documentSigning: '1.3.6.1.5.5.7.3.36',
} as const;

/** KeyUsage bit positions (RFC 5280 §4.2.1.3). */
const KU = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

interface CertificateSpec {
  subject: { oid: string; value: string }[];
  issuer: { oid: string; value: string }[];
  subjectPublicKey: KeyObject;
  issuerPrivateKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

function buildCertificate(spec: CertificateSpec): Buffer {
  const signatureAlgorithm = seq(oid(OID.ecdsaWithSha256)); // parameters absent (RFC 5758)
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, and no leading zero byte to strip
  const tbs = seq(
    tlv(0xa0, int(Buffer.from([2]))), // [0] EXPLICIT version v3
    int(serial),
    signatureAlgorithm,
    name(spec.issuer),
    seq(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spec.subjectPublicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(...spec.extensions)), // [3] EXPLICIT extensions
  );
  // Node's ECDSA output is the DER ECDSA-Sig-Value that X.509 expects.
  const signature = cryptoSign('sha256', tbs, spec.issuerPrivateKey);
  return seq(tbs, signatureAlgorithm, bitString(signature));
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING contents (the EC point). */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (!jwk.x || !jwk.y) throw new Error('Internal error: expected an EC public key.');
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return createHash('sha1').update(point).digest();
}

function addYears(date: Date, years: number): Date {
  const result = new Date(date.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

function toPem(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

// --- minimal DER encoder (only the types this certificate profile uses) ----------------------

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: Buffer;
  if (length < 0x80) {
    header = Buffer.from([tag, length]);
  } else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, content]);
}

function seq(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

function bool(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

/** INTEGER from unsigned big-endian bytes: a 0x00 is prepended when the top bit would make it negative. */
function int(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const trimmed = unsigned.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function octets(value: Buffer): Buffer {
  return tlv(0x04, value);
}

function bitString(value: Buffer, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), value]));
}

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const bytes: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) chunk.unshift(0x80 | (rest & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utf8(value: string): Buffer {
  return tlv(0x0c, Buffer.from(value, 'utf8'));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, ''); // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

function name(attributes: { oid: string; value: string }[]): Buffer {
  return seq(...attributes.map((attribute) => set(seq(oid(attribute.oid), utf8(attribute.value)))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

/** DER named BIT STRING: trailing zero bits are dropped and counted as unused bits. */
function keyUsageBits(bits: number[]): Buffer {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) {
    const index = Math.floor(bit / 8);
    bytes[index] = (bytes[index] ?? 0) | (0x80 >> bit % 8);
  }
  const unused = 7 - (highest % 8);
  return bitString(bytes, unused);
}
