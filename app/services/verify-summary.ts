/**
 * What a /api/verify answer means, in words a non-expert understands. Pure: the API puts the
 * sentence in its JSON and the /verify page shows the same one.
 */
export interface VerifySummaryInput {
  manifestPresent: boolean;
  validationState: 'Invalid' | 'Valid' | 'Trusted' | null;
  validationCodes: { code: string; kind: 'success' | 'informational' | 'failure'; explanation?: string }[];
  signer: { commonName: string | null; issuer: string | null } | null;
  fingerprintMatch: { videoId: string; distance: number; coverage: number } | null;
  /** What the file was made from, with each ingredient's own validation when it had credentials. */
  ingredients?: { title: string; validation?: { state: 'Invalid' | 'Valid' | 'Trusted'; codes: { code: string; kind: string; explanation?: string }[] } }[];
  /** Why the file has no fingerprint (no decodable frames), or null. */
  fingerprintProblem?: string | null;
}

/**
 * The answer in one word. `ingredient_failed`: the file's own credentials are intact, but something
 * it was made from failed its own check (for example a source image changed after it was signed),
 * so the chain of history is not clean.
 */
export type Verdict = 'loupe_trusted' | 'valid_untrusted' | 'ingredient_failed' | 'altered' | 'stripped_loupe_copy' | 'unknown_origin';

/** The verdict, a headline sentence and detail sentences for a /api/verify answer. */
export function summarizeVerification(report: VerifySummaryInput): { verdict: Verdict; headline: string; details: string[] } {
  const summary = summarizeCredentials(report);
  // That no frame could be fingerprinted is a separate fact about the file, whatever its credentials say.
  if (report.fingerprintProblem) summary.details.push(report.fingerprintProblem);
  return summary;
}

function summarizeCredentials(report: VerifySummaryInput): { verdict: Verdict; headline: string; details: string[] } {
  const match = report.fingerprintMatch;
  const matchSentence = match
    ? `Its pictures match Loupe video ${match.videoId} (${Math.round(match.coverage * 100)}% of sampled frames, typical difference ${match.distance} of 256 bits).`
    : null;
  if (!report.manifestPresent) {
    if (match) {
      return {
        verdict: 'stripped_loupe_copy',
        headline: `Likely Loupe video ${match.videoId}: the file carries no Content Credentials, but its pictures match that video.`,
        details: [
          'Someone probably re-saved or re-encoded a Loupe video, which removes the credentials; the pictures themselves still identify it.',
          matchSentence!,
        ],
      };
    }
    return {
      verdict: 'unknown_origin',
      headline: 'No Content Credentials and no match: this file does not say where it came from, and it does not look like any published Loupe video.',
      details: ['That does not mean it is fake or real, only that neither its metadata nor its pictures tell us its origin.'],
    };
  }
  const failures = report.validationCodes.filter((code) => code.kind === 'failure');
  if (report.validationState === 'Invalid') {
    return {
      verdict: 'altered',
      headline: 'Changed after signing: this file has Content Credentials, but they no longer match the file.',
      details: [
        ...failures.map((code) => code.explanation ?? code.code),
        ...(matchSentence ? [`${matchSentence} It may be an altered copy of that video.`] : []),
      ],
    };
  }
  const signer = report.signer?.commonName ?? 'an unnamed signer';
  const failedIngredients = (report.ingredients ?? []).filter((ingredient) => ingredient.validation?.state === 'Invalid');
  if (failedIngredients.length > 0) {
    return {
      verdict: 'ingredient_failed',
      headline: `Signed intact by ${signer}, but something it was made from failed its own check: its history is not clean.`,
      details: [
        ...failedIngredients.flatMap((ingredient) =>
          ingredient.validation!.codes
            .filter((code) => code.kind === 'failure' && code.code !== 'signingCredential.untrusted')
            .map((code) => `${ingredient.title || 'An ingredient'}: ${code.explanation ?? code.code} (${code.code})`),
        ),
        ...(matchSentence ? [matchSentence] : []),
      ],
    };
  }
  if (report.validationState === 'Trusted') {
    return {
      verdict: 'loupe_trusted',
      headline: `Intact and trusted: this file's Content Credentials are unchanged and were signed by ${signer}, whom this site trusts.`,
      details: matchSentence ? [matchSentence] : [],
    };
  }
  return {
    verdict: 'valid_untrusted',
    headline: `Intact but not from a trusted signer: the Content Credentials are unchanged, but they were signed by ${signer}, whom this site does not trust.`,
    details: [
      'Anyone can sign a file; only a signer that chains to a trusted root tells you who stands behind it.',
      ...(matchSentence ? [matchSentence] : []),
    ],
  };
}
