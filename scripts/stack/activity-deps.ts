/**
 * The one way a process builds what Loupe's activities need (`ActivityDeps`) from the validated
 * configuration. `npm start` (scripts/stack/stack.ts), a standalone worker (scripts/worker.ts) and
 * the test stack (test/support/global-setup.ts) all call `buildActivityDeps`, so a variable such as
 * C2PA_TSA_URL or LOUPE_QA_SAMPLE_RATE means the same on every worker. (They used to assemble the
 * dependencies by hand and drifted: the standalone worker signed without the configured time stamp.)
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { ActivityDeps } from '../../activities/deps';
import { externalModerationFromConfig } from '../../activities/external-moderation';
import { createSemanticClassifier } from '../../activities/classifiers/semantic/classifier';
import { fixtureClipGenerator } from '../../activities/generation/fixture-clip';
import { videoProviderFromConfig } from '../../activities/generation/openai-videos';
import { proceduralGenerator } from '../../activities/generation/procedural';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { loadSigningMaterialFromFiles, type SigningMaterial } from '../../activities/provenance/signing-material';
import type { LoupeConfig } from '../../config/env';
import { biometricKeyFromConfig } from '../../db/biometrics/key';
import { mediaStoreFromConfig } from '../../db/media-store-from-config';
import type { Database } from '../../db/schema';

/**
 * What a caller may supply instead of building it from the configuration: a test's own generator
 * or signing material, say. The database connection is always the caller's (it owns the pool and
 * closes it).
 */
export type ActivityDepsOverrides = Partial<Omit<ActivityDeps, 'db'>>;

/**
 * Builds the activities' dependencies from `config`:
 * - `signing`: the certificate chain, key and trust anchors from C2PA_CERT_CHAIN_PATH,
 *   C2PA_PRIVATE_KEY_PATH and C2PA_TRUST_ANCHORS_PATH, or else the development CA under
 *   `config.c2paDir` (created on first use); with C2PA_TSA_URL, signatures are countersigned by
 *   that RFC 3161 time-stamp authority (see `loadSigningMaterial`);
 * - `media`: the local media folder `config.mediaDir`, or with LOUPE_MEDIA_STORE=s3 the LOUPE_S3_*
 *   bucket (db/media-store-from-config.ts);
 * - `generator`: the procedural (ffmpeg) generator, or with LOUPE_FIXTURE_CLIP (benchmarks and tests
 *   only) a copy of that clip every time (activities/generation/fixture-clip.ts);
 * - `videoProvider`: with LOUPE_GENERATOR=openai-videos, the Videos API provider of the
 *   LOUPE_OPENAI_VIDEOS_* variables (clips are then made there, not by `generator`); otherwise null;
 * - `workDir`: `<LOUPE_DATA_DIR>/work`, scratch space for renders;
 * - `qaSampleRate`: LOUPE_QA_SAMPLE_RATE (0..1);
 * - `externalModeration`: OpenAI's moderation endpoint when LOUPE_EXTERNAL_MODERATION=openai;
 * - `semantic`: the local semantic classifier unless LOUPE_SEMANTIC_SCREENING=off (loaded on first use);
 * - `biometricKey`: LOUPE_BIOMETRIC_KEY, or in development/tests the key file under the data folder.
 *
 * Anything in `overrides` is used as given and not built. Throws the signing material's own
 * sentence (a file that cannot be read, a key that does not match its certificate, a damaged
 * development CA) when that cannot be loaded.
 */
export async function buildActivityDeps(
  config: LoupeConfig,
  db: Kysely<Database>,
  overrides: ActivityDepsOverrides = {},
): Promise<ActivityDeps> {
  const externalModeration = 'externalModeration' in overrides ? overrides.externalModeration : externalModerationFromConfig(config);
  return {
    db,
    media: overrides.media ?? mediaStoreFromConfig(config),
    generator: overrides.generator ?? (config.LOUPE_FIXTURE_CLIP ? fixtureClipGenerator(config.LOUPE_FIXTURE_CLIP) : proceduralGenerator),
    signing: overrides.signing ?? (await loadSigningMaterial(config)),
    videoProvider: 'videoProvider' in overrides ? (overrides.videoProvider ?? null) : videoProviderFromConfig(config),
    workDir: overrides.workDir ?? path.join(config.dataDir, 'work'),
    qaSampleRate: overrides.qaSampleRate ?? config.LOUPE_QA_SAMPLE_RATE,
    biometricKey: overrides.biometricKey ?? biometricKeyFromConfig(config),
    semantic: 'semantic' in overrides ? (overrides.semantic ?? null) : config.LOUPE_SEMANTIC_SCREENING === 'on' ? createSemanticClassifier({ timeoutMs: config.LOUPE_SEMANTIC_TIMEOUT_MS }) : null,
    ...(externalModeration ? { externalModeration } : {}),
  };
}

/**
 * The C2PA signing material `config` names: the three C2PA_*_PATH files when they are set (config/env.ts
 * accepts all three or none), otherwise the development CA in `config.c2paDir`. `tsaUrl` is
 * C2PA_TSA_URL when set, so every signature made with this material asks that authority for a time
 * stamp; unset, the material carries no `tsaUrl` and Loupe never contacts a time-stamp authority.
 */
export async function loadSigningMaterial(config: LoupeConfig): Promise<SigningMaterial> {
  const material =
    config.C2PA_CERT_CHAIN_PATH && config.C2PA_PRIVATE_KEY_PATH && config.C2PA_TRUST_ANCHORS_PATH
      ? await loadSigningMaterialFromFiles({
          certChainPath: config.C2PA_CERT_CHAIN_PATH,
          privateKeyPath: config.C2PA_PRIVATE_KEY_PATH,
          trustAnchorsPath: config.C2PA_TRUST_ANCHORS_PATH,
        })
      : await ensureDevCa(config.c2paDir);
  return config.C2PA_TSA_URL ? { ...material, tsaUrl: config.C2PA_TSA_URL } : material;
}
