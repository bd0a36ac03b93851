import type { Kysely } from 'kysely';
import type { BiometricKey } from '../db/biometrics/key';
import type { MediaStore } from '../db/media-store';
import type { Database } from '../db/schema';
import type { VideoGenerator } from './generation/generator';
import type { OpenAIVideosProvider } from './generation/openai-videos';
import type { ExternalModerationClient } from './external-moderation';
import type { SigningMaterial } from './provenance/signing-material';
import type { SemanticClassifier } from './classifiers/semantic/classifier';

/** Everything the activities need from the process that hosts them, passed in once at worker start. */
export interface ActivityDeps {
  db: Kysely<Database>;
  media: MediaStore;
  generator: VideoGenerator;
  /**
   * Issue 15: the video provider clips are made at (LOUPE_GENERATOR=openai-videos), or null/absent
   * for `generator` (the procedural stand-in) to render them.
   */
  videoProvider?: OpenAIVideosProvider | null;
  signing: SigningMaterial;
  /** Scratch space for renders in progress; each request works in its own sub-folder. */
  workDir: string;
  qaSampleRate: number;
  /** Issue 3: a second opinion on prompts (OpenAI moderation), when configured. */
  externalModeration?: ExternalModerationClient;
  /**
   * Issue 14: the local semantic prompt classifier; null when LOUPE_SEMANTIC_SCREENING=off (the
   * rules decide alone and the reasons say so).
   */
  semantic: SemanticClassifier | null;
  /** Issue 12: the key that seals face embeddings at rest (db/biometrics/key.ts). */
  biometricKey: BiometricKey;
}
