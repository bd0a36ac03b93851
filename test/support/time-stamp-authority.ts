/**
 * A local RFC 3161 time-stamp authority for tests: a tiny HTTP server on 127.0.0.1 that answers
 * `application/timestamp-query` POSTs with a real signed `TimeStampResp`, so C2PA signing with
 * `C2PA_TSA_URL` can be tested without the internet (ARCHITECTURE.md: external services are tested
 * against a local server that implements their documented contract).
 *
 * The contract (RFC 3161 §3.4 for the transport, §2.4 for the messages): the request body is a DER
 * `TimeStampReq`; the answer is a DER `TimeStampResp` with content type
 * `application/timestamp-reply`. A granted answer carries a CMS `SignedData` over a `TSTInfo` whose
 * `messageImprint` and `nonce` repeat the request's, signed by a certificate whose only extended
 * key usage is id-kp-timeStamping, marked critical (RFC 3161 §2.3), and which the signed attributes
 * name in an ESS signing-certificate-v2 attribute (RFC 5816) so a verifier can tie the token to it.
 *
 * The authority's chain is its own throw-away root plus the TSA certificate; a verifier that
 * should trust the time stamps adds `rootPem` to its trust anchors. ECDSA P-256 with SHA-256
 * throughout; certificates, CMS and TSP messages are all built with one library, pkijs (asn1js
 * underneath), so the responder needs no Reflect polyfill (which @peculiar/x509 does).
 */
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** id-ct-TSTInfo (RFC 3161 §2.4.2): the content type of a time-stamp token's SignedData. */
const ID_CT_TST_INFO = '1.2.840.113549.1.9.16.1.4';
/** id-signedData (RFC 5652 §5.1). */
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
/** CMS signed attributes (RFC 5652 §11): content-type, message-digest, signing-time. */
const ID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const ID_SIGNING_TIME = '1.2.840.113549.1.9.5';
/** id-aa-signingCertificateV2 (RFC 5035 §3): names the signing certificate by its SHA-256. */
const ID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
const ID_SHA256 = '2.16.840.1.101.3.4.2.1';
/** A policy arc for this test responder only (the example arc of RFC 7229's documentation range is not one). */
const TEST_TSA_POLICY = '1.3.6.1.4.1.55555.3161.1';

/** PKIStatus values (RFC 3161 §2.4.2). */
const GRANTED = 0;
const REJECTION = 2;
/** PKIFailureInfo bit badDataFormat (RFC 3161 §2.4.2). */
const BAD_DATA_FORMAT_BIT = 5;

/** What the responder saw of one time-stamp request. */
export interface TimeStampRequestSeen {
  /** OID of the request's hash algorithm (2.16.840.1.101.3.4.2.1 for SHA-256). */
  hashAlgorithm: string;
  /** Hex of the hashed message the requester wants stamped. */
  messageImprintHex: string;
  /** Whether the requester asked for the TSA's certificate in the token (certReq). */
  certReq: boolean;
  /** The time the token states (TSTInfo.genTime). */
  genTime: Date;
}

export interface LocalTimeStampAuthority {
  /** `http://127.0.0.1:<port>/tsa`: what C2PA_TSA_URL is set to. */
  url: string;
  /** PEM of the authority's root certificate, to add to a reader's trust anchors. */
  rootPem: string;
  /** PEM of the certificate that signs the tokens (its subject is `commonName`). */
  tsaCertificatePem: string;
  commonName: string;
  /** Every well-formed request answered, oldest first. */
  requests: TimeStampRequestSeen[];
  close(): Promise<void>;
}

const crypto = webcrypto as unknown as Crypto;
const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/**
 * Starts a time-stamp authority on 127.0.0.1 (an ephemeral port). `clock` sets the time the tokens
 * state (default: now); certificates are valid from a day before until a year after start.
 * Anything but a POST of `application/timestamp-query` gets a 4xx with a sentence; a body that is
 * not a TimeStampReq gets a `rejection` response with badDataFormat, as RFC 3161 prescribes.
 */
export async function startTimeStampAuthority(options: { clock?: () => Date; commonName?: string } = {}): Promise<LocalTimeStampAuthority> {
  const clock = options.clock ?? (() => new Date());
  const commonName = options.commonName ?? 'Loupe Test Time-Stamp Authority';
  const engine = new pkijs.CryptoEngine({ name: 'node', crypto });
  const chain = await createTsaChain(commonName, engine);
  const requests: TimeStampRequestSeen[] = [];

  const server = http.createServer((req, res) => {
    const reply = (status: number, body: Buffer | string, type: string) => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (req.method !== 'POST') return reply(405, 'Only POST is answered: send a DER TimeStampReq.', 'text/plain');
    if ((req.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/timestamp-query') {
      return reply(415, 'The body must be application/timestamp-query (a DER TimeStampReq, RFC 3161).', 'text/plain');
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      answer(Buffer.concat(chunks), chain, engine, clock())
        .then(({ response, seen }) => {
          if (seen) requests.push(seen);
          reply(200, response, 'application/timestamp-reply');
        })
        .catch((error: unknown) => reply(500, `The test TSA failed: ${(error as Error).message}`, 'text/plain'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    rootPem: pem(chain.root),
    tsaCertificatePem: pem(chain.tsa),
    commonName,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface TsaChain {
  root: pkijs.Certificate;
  tsa: pkijs.Certificate;
  tsaKey: CryptoKey;
}

/** id-kp-timeStamping (RFC 5280 §4.2.1.12). */
const ID_KP_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
/** Certificate extension OIDs (RFC 5280 §4.2.1). */
const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
} as const;
/** KeyUsage bits, counted from the most significant bit of the first byte (RFC 5280 §4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

/** A root CA and a TSA certificate under it (EKU timeStamping only, critical: RFC 3161 §2.3). */
async function createTsaChain(commonName: string, engine: pkijs.CryptoEngine): Promise<TsaChain> {
  const notBefore = new Date(Date.now() - 24 * 3600_000);
  const notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  const rootKeys = (await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const tsaKeys = (await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const rootName = distinguishedName(`${commonName} Root`);
  const rootKeyId = await keyIdentifier(rootKeys.publicKey);

  const root = await certificate({
    subject: rootName,
    issuer: rootName,
    publicKey: rootKeys.publicKey,
    signingKey: rootKeys.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(EXT.basicConstraints, true, new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 }).toSchema()),
      extension(EXT.keyUsage, true, keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
      extension(EXT.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: toArrayBuffer(rootKeyId) })),
    ],
    engine,
  });
  const tsa = await certificate({
    subject: distinguishedName(commonName),
    issuer: rootName,
    publicKey: tsaKeys.publicKey,
    signingKey: rootKeys.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(EXT.basicConstraints, true, new pkijs.BasicConstraints({ cA: false }).toSchema()),
      extension(EXT.keyUsage, true, keyUsage([KEY_USAGE.digitalSignature])),
      extension(EXT.extKeyUsage, true, new pkijs.ExtKeyUsage({ keyPurposes: [ID_KP_TIME_STAMPING] }).toSchema()),
      extension(EXT.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: toArrayBuffer(await keyIdentifier(tsaKeys.publicKey)) })),
      extension(
        EXT.authorityKeyIdentifier,
        false,
        new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(rootKeyId) }) }).toSchema(),
      ),
    ],
    engine,
  });
  return { root, tsa, tsaKey: tsaKeys.privateKey };
}

async function certificate(options: {
  subject: pkijs.RelativeDistinguishedNames;
  issuer: pkijs.RelativeDistinguishedNames;
  publicKey: CryptoKey;
  signingKey: CryptoKey;
  notBefore: Date;
  notAfter: Date;
  extensions: pkijs.Extension[];
  engine: pkijs.CryptoEngine;
}): Promise<pkijs.Certificate> {
  const cert = new pkijs.Certificate();
  cert.version = 2; // X.509 v3
  // A positive serial: a leading 0x01 byte keeps the top bit clear (RFC 5280 §4.1.2.2).
  cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])) });
  cert.subject = options.subject;
  cert.issuer = options.issuer;
  cert.notBefore.value = options.notBefore;
  cert.notAfter.value = options.notAfter;
  cert.extensions = options.extensions;
  await cert.subjectPublicKeyInfo.importKey(options.publicKey, options.engine);
  await cert.sign(options.signingKey, 'SHA-256', options.engine);
  return cert;
}

function distinguishedName(commonName: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.10', value: new asn1js.Utf8String({ value: 'Loupe tests' }) }), // O
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) }), // CN
    ],
  });
}

function extension(extnID: string, critical: boolean, value: asn1js.AsnType): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

function keyUsage(bits: number[]): asn1js.BitString {
  const byte = bits.reduce((acc, bit) => acc | (0x80 >> bit), 0);
  // DER drops trailing zero bits: count the unused bits after the last one set.
  const unusedBits = 7 - Math.max(...bits);
  return new asn1js.BitString({ valueHex: toArrayBuffer(Buffer.from([byte])), unusedBits });
}

/** SHA-1 of the public key bits: the usual key identifier (RFC 5280 §4.2.1.2, method 1). */
async function keyIdentifier(publicKey: CryptoKey): Promise<Buffer> {
  const spki = Buffer.from(await crypto.subtle.exportKey('spki', publicKey));
  const info = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(spki));
  return createHash('sha1').update(Buffer.from(info.subjectPublicKey.valueBlock.valueHexView)).digest();
}

function pem(cert: pkijs.Certificate): string {
  const base64 = Buffer.from(cert.toSchema().toBER(false)).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Builds the DER TimeStampResp for one request body. */
async function answer(
  body: Buffer,
  chain: TsaChain,
  engine: pkijs.CryptoEngine,
  now: Date,
): Promise<{ response: Buffer; seen?: TimeStampRequestSeen }> {
  let request: pkijs.TimeStampReq;
  try {
    request = pkijs.TimeStampReq.fromBER(toArrayBuffer(body));
  } catch {
    return { response: rejection('The request is not a DER TimeStampReq.') };
  }

  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: request.reqPolicy ?? TEST_TSA_POLICY,
    messageImprint: request.messageImprint,
    serialNumber: new asn1js.Integer({ valueHex: toArrayBuffer(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])) }),
    genTime: now,
    ordering: false,
    ...(request.nonce ? { nonce: request.nonce } : {}),
  });
  const tstInfoDer = Buffer.from(tstInfo.toSchema().toBER(false));

  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: ID_CT_TST_INFO,
      eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(tstInfoDer) }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: chain.tsa.issuer, serialNumber: chain.tsa.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: derSorted([
            attribute(ID_CONTENT_TYPE, new asn1js.ObjectIdentifier({ value: ID_CT_TST_INFO })),
            attribute(ID_SIGNING_TIME, new asn1js.UTCTime({ valueDate: now })),
            attribute(ID_MESSAGE_DIGEST, new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(tstInfoDer)) })),
            // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with the
            // default hash algorithm (SHA-256) is SEQUENCE { certHash OCTET STRING }.
            attribute(
              ID_SIGNING_CERTIFICATE_V2,
              new asn1js.Sequence({
                value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(Buffer.from(chain.tsa.toSchema().toBER(false)))) })] })] })],
              }),
            ),
          ]),
        }),
      }),
    ],
  });
  // pkijs turns an eContent OCTET STRING into the constructed (chunked) BER form; a token is DER,
  // and verifiers hash the primitive string's contents, so put the primitive form back.
  signedData.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: toArrayBuffer(tstInfoDer) });
  if (request.certReq) {
    signedData.certificates = [chain.tsa, chain.root];
  }
  await signedData.sign(chain.tsaKey, 0, 'SHA-256', undefined, engine);

  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: GRANTED }),
    timeStampToken: new pkijs.ContentInfo({ contentType: ID_SIGNED_DATA, content: signedData.toSchema(true) }),
  });
  return {
    response: Buffer.from(response.toSchema().toBER(false)),
    seen: {
      hashAlgorithm: request.messageImprint.hashAlgorithm.algorithmId,
      messageImprintHex: Buffer.from(request.messageImprint.hashedMessage.valueBlock.valueHexView).toString('hex'),
      certReq: request.certReq ?? false,
      genTime: now,
    },
  };
}

/** A TimeStampResp refusing the request (status rejection, failInfo badDataFormat). */
function rejection(statusString: string): Buffer {
  const failInfo = new Uint8Array(1);
  failInfo[0] = 0x80 >> BAD_DATA_FORMAT_BIT;
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({
      status: REJECTION,
      statusStrings: [new asn1js.Utf8String({ value: statusString })],
      failInfo: new asn1js.BitString({ valueHex: toArrayBuffer(Buffer.from(failInfo)), unusedBits: 7 - BAD_DATA_FORMAT_BIT }),
    }),
  });
  return Buffer.from(response.toSchema().toBER(false));
}

/**
 * Signed attributes are a DER SET OF, whose members are ordered by their encodings (X.690 §11.6); the
 * signature covers that order, and verifiers re-encode the set in DER before checking it.
 */
function derSorted(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((attr) => ({ attr, der: Buffer.from(attr.toSchema().toBER(false)) }));
  return encoded.sort((a, b) => Buffer.compare(a.der, b.der)).map(({ attr }) => attr);
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** OID of SHA-256, for tests that check what the requester asked for. */
export const SHA256_OID = ID_SHA256;
