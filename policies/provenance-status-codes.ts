/**
 * Loupe's own failure code (reverse-domain, as C2PA asks of codes outside the spec) for C2PA data
 * that Loupe found in a file (a carrier box, segment or chunk, or C2PA JUMBF) but from which c2pa-rs
 * read no manifest. The spec has no code for "a store is there but yields nothing"; reporting it as
 * "no manifest" would let anyone hide a signed history by changing one byte of its carrier.
 */
export const UNREADABLE_MANIFEST_STORE_CODE = 'org.loupe.manifestStore.unreadable';

/**
 * One plain sentence for every validation status code c2pa-rs reports (C2PA 2.x, section 15),
 * written for a person who has never heard of C2PA. Pure data: the console and /verify use it, and
 * the provenance audit writes these sentences into its problems. It says what a signal means, so it
 * lives in policies/ (like a classifier's thresholds), where both the app and the activities may read it.
 */
export const VALIDATION_CODE_SENTENCES: Readonly<Record<string, string>> = {
  // success
  'claimSignature.validated': 'The signature over the manifest checks out: nobody changed the manifest after it was signed.',
  'claimSignature.insideValidity': 'The signing certificate was within its validity dates when the file was signed.',
  'signingCredential.trusted': 'The signing certificate chains to a root this verifier trusts.',
  'signingCredential.ocsp.notRevoked': 'The certificate authority confirmed that the signing certificate has not been revoked.',
  'timeStamp.trusted': 'A trusted time-stamp authority vouches for when the file was signed.',
  'timeStamp.validated': 'The time stamp on the signature is intact.',
  'assertion.hashedURI.match': 'A statement in the manifest is exactly what the signature covers.',
  'assertion.dataHash.match': 'The file\'s bytes are exactly the ones that were signed.',
  'assertion.bmffHash.match': 'The video\'s bytes are exactly the ones that were signed.',
  'assertion.boxesHash.match': 'The file\'s parts are exactly the ones that were signed.',
  'assertion.collectionHash.match': 'Every file in the signed collection is unchanged.',
  'assertion.accessible': 'A statement referred to by the manifest could be read.',
  'ingredient.manifest.validated': 'The Content Credentials of a source this file was made from check out.',
  'ingredient.claimSignature.validated': 'The signature of a source this file was made from checks out.',
  // informational
  'algorithm.deprecated': 'The file was signed with an older algorithm that is still accepted but being phased out.',
  'signingCredential.ocsp.skipped': 'Whether the signing certificate was revoked was not checked online (this verifier works offline).',
  'signingCredential.ocsp.inaccessible': 'The certificate authority could not be asked whether the signing certificate was revoked.',
  'timeStamp.untrusted': 'The signature has a time stamp, but from a time-stamp authority this verifier does not trust.',
  'timeStamp.mismatch': 'The time stamp does not belong to this signature.',
  'timeStamp.malformed': 'The time stamp on the signature is damaged.',
  'timeStamp.outsideValidity': 'The time stamp falls outside the signing certificate\'s validity dates.',
  'ingredient.unknownProvenance': 'A source this file was made from has no Content Credentials of its own.',
  // failure
  'claim.missing': 'The manifest is missing its central claim, so nothing in it can be checked.',
  'claim.multiple': 'The manifest has more than one central claim, which is not allowed.',
  'claim.hardBindings.missing': 'The manifest is not tied to the file\'s bytes, so changes to the file would go unnoticed.',
  'claim.required.missing': 'The manifest is missing a required field.',
  'claim.cbor.invalid': 'The manifest\'s central claim is damaged and cannot be read.',
  'claimSignature.missing': 'The manifest has no signature.',
  'claimSignature.mismatch': 'The signature does not match the manifest: the manifest was changed after signing.',
  'claimSignature.outsideValidity': 'The file was signed outside the signing certificate\'s validity dates.',
  'manifest.inaccessible': 'A manifest referred to by the file could not be read.',
  'manifest.multipleParents': 'The manifest claims more than one parent it was edited from, which is not allowed.',
  'manifest.update.invalid': 'An update manifest changes something an update may not change.',
  'manifest.update.wrongParents': 'An update manifest does not have exactly one parent.',
  'manifest.timestamp.invalid': 'A time-stamp manifest is not valid.',
  'manifest.timestamp.wrongParents': 'A time-stamp manifest does not have exactly one parent.',
  'manifest.compressed.invalid': 'A compressed manifest could not be decompressed.',
  'signingCredential.untrusted': 'The signature is intact, but the signing certificate does not chain to any root this verifier trusts.',
  'signingCredential.invalid': 'The signing certificate is not a valid certificate for signing Content Credentials.',
  'signingCredential.revoked': 'The signing certificate has been revoked by its certificate authority.',
  'signingCredential.expired': 'The signing certificate had expired when the file was signed.',
  'signingCredential.ocsp.revoked': 'The certificate authority reports that the signing certificate was revoked.',
  'signingCredential.ocsp.unknown': 'The certificate authority does not know the signing certificate.',
  'assertion.missing': 'A statement the manifest refers to is missing from the file.',
  'assertion.multipleHardBindings': 'The manifest ties itself to the file\'s bytes in more than one way, which is not allowed.',
  'assertion.undeclared': 'The file contains a statement that the signed manifest does not list.',
  'assertion.inaccessible': 'A statement the manifest refers to could not be read.',
  'assertion.notRedacted': 'A statement that was supposed to be removed is still there.',
  'assertion.outsideManifest': 'A statement points outside its own manifest, which is not allowed.',
  'assertion.selfRedacted': 'A manifest tried to remove one of its own statements, which is not allowed.',
  'assertion.required.missing': 'A required statement is missing from the manifest.',
  'assertion.json.invalid': 'A statement in the manifest is damaged (invalid JSON).',
  'assertion.cbor.invalid': 'A statement in the manifest is damaged (invalid CBOR).',
  'assertion.action.ingredientMismatch': 'An action names a source that the manifest does not list.',
  'assertion.action.malformed': 'The list of actions in the manifest is malformed.',
  'assertion.action.redacted': 'The list of actions was removed, which is not allowed.',
  'assertion.action.redactionMismatch': 'A removed statement does not match what the actions say was removed.',
  'assertion.hashedURI.mismatch': 'A statement in the manifest was changed after signing.',
  'assertion.dataHash.mismatch': 'The file\'s bytes were changed after it was signed.',
  'assertion.dataHash.malformed': 'The record of the file\'s signed bytes is damaged.',
  'assertion.bmffHash.mismatch': 'The video\'s bytes were changed after it was signed.',
  'assertion.bmffHash.malformed': 'The record of the video\'s signed bytes is damaged.',
  'assertion.boxesHash.mismatch': 'Parts of the file were changed after it was signed.',
  'assertion.boxesHash.unknownBox': 'The file contains a part that was not there when it was signed.',
  'assertion.collectionHash.mismatch': 'A file in the signed collection was changed.',
  'assertion.collectionHash.malformed': 'The record of the signed collection is damaged.',
  'assertion.collectionHash.incorrectFileCount': 'The signed collection has a different number of files than was signed.',
  'assertion.collectionHash.invalidURI': 'The signed collection names a file in a way that is not allowed.',
  'ingredient.hashedURI.mismatch': 'The record of a source this file was made from was changed after signing.',
  'ingredient.manifest.missing': 'The Content Credentials of a source this file was made from are missing.',
  'ingredient.manifest.mismatch': 'The Content Credentials of a source do not match what was recorded when this file was made.',
  'ingredient.claimSignature.missing': 'A source this file was made from has an unsigned manifest.',
  'ingredient.claimSignature.mismatch': 'The signature of a source this file was made from does not check out.',
  'algorithm.unsupported': 'The file was signed or hashed with an algorithm this verifier does not accept.',
  'hashedURI.missing': 'Something the manifest refers to by hash is missing.',
  'hashedURI.mismatch': 'Something the manifest refers to was changed after signing.',
  'general.error': 'The Content Credentials could not be checked because of an unexpected error.',
  [UNREADABLE_MANIFEST_STORE_CODE]:
    'A C2PA box is present but no manifest could be read from it: the Content Credentials were damaged or tampered with, so nothing in them can be checked.',
};

/**
 * The validation state of an ingredient's own manifest from the status codes recorded for it, by the
 * rule c2pa-rs applies to the active manifest (C2PA 2.x, "Validation states"): any failure other
 * than an untrusted signing credential makes it Invalid; otherwise it is Trusted when its signing
 * credential is trusted, else Valid. An untrusted signer is not a failure of integrity: a camera or
 * editor outside Loupe's anchors signs most images people upload.
 */
export function ingredientValidationState(codes: readonly { code: string; kind: 'success' | 'informational' | 'failure' }[]): 'Invalid' | 'Valid' | 'Trusted' {
  if (codes.some((status) => status.kind === 'failure' && status.code !== 'signingCredential.untrusted')) return 'Invalid';
  return codes.some((status) => status.kind === 'success' && status.code === 'signingCredential.trusted') ? 'Trusted' : 'Valid';
}

/** The plain sentence for a code, or a generic one that still says whether it is good or bad. */
export function explainValidationCode(code: string, kind: 'success' | 'informational' | 'failure'): string {
  const known = VALIDATION_CODE_SENTENCES[code];
  if (known) return known;
  if (kind === 'success') return 'A check passed (a code this page has no plain description for yet).';
  if (kind === 'informational') return 'A note from the verifier that does not make the file invalid.';
  return 'A check failed (a code this page has no plain description for yet).';
}
