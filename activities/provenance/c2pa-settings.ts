/**
 * The c2pa-rs settings Loupe signs and reads with: trust exactly the given anchors, and never
 * reach the network (Loupe must run without internet access).
 */

/**
 * c2pa-rs settings as JSON (snake_case, passed as a string so keys reach Rust untouched).
 * `trustAnchorsPem`: PEM roots whose signatures count as Trusted; null or blank trusts nothing,
 * so an intact signature reads as Valid. OCSP and remote manifests are off; thumbnails are not
 * generated (a source image is not embedded in the manifest).
 */
export function c2paSettings(trustAnchorsPem: string | null): string {
  return JSON.stringify({
    trust: trustAnchorsPem && trustAnchorsPem.trim() !== '' ? { trust_anchors: trustAnchorsPem } : {},
    verify: {
      verify_trust: true,
      ocsp_fetch: false,
      remote_manifest_fetch: false,
    },
    builder: { thumbnail: { enabled: false } },
  });
}
