/**
 * The static list of migrations. A file-system loader would break once the server is bundled,
 * so every migration is imported here by name, in order.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_initial';
import * as m002 from './002_policy_registries_and_versions';
import * as m003 from './003_provenance_audit';
import * as m004 from './004_review_console';
import * as m005 from './005_source_images';
import * as m006 from './006_app_database_role';
import * as m007 from './007_clip_classifier_scores';
import * as m008 from './008_rate_limits';
import * as m009 from './009_source_image_originals';
import * as m010 from './010_kind_registries';
import * as m011 from './011_consent_ledger';
import * as m012 from './012_likeness_takedowns';
import * as m013 from './013_app_clients';
import * as m014 from './014_protected_persons';
import * as m015 from './015_likeness_complaints';
import * as m016 from './016_face_biometrics';
import * as m017 from './017_face_checks';
import * as m018 from './018_reference_faces';
import * as m019 from './019_copyright_works';
import * as m020 from './020_copyright_claims';
import * as m021 from './021_hash_banks';
import * as m022 from './022_copyright_rescans';
import * as m023 from './023_copyright_disputes';
import * as m024 from './024_semantic_screenings';
import * as m025 from './025_provider_video_jobs';
import * as m026 from './026_clip_audio_checks';
import * as m027 from './027_remix_setting';
import * as m028 from './028_list_indexes';
import * as m029 from './029_provenance_failing_index';

const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_policy_registries_and_versions': m002,
  '003_provenance_audit': m003,
  '004_review_console': m004,
  '005_source_images': m005,
  '006_app_database_role': m006,
  '007_clip_classifier_scores': m007,
  '008_rate_limits': m008,
  '009_source_image_originals': m009,
  '010_kind_registries': m010,
  '011_consent_ledger': m011,
  '012_likeness_takedowns': m012,
  '013_app_clients': m013,
  '014_protected_persons': m014,
  '015_likeness_complaints': m015,
  '016_face_biometrics': m016,
  '017_face_checks': m017,
  '018_reference_faces': m018,
  '019_copyright_works': m019,
  '020_copyright_claims': m020,
  '021_hash_banks': m021,
  '022_copyright_rescans': m022,
  '023_copyright_disputes': m023,
  '024_semantic_screenings': m024,
  '025_provider_video_jobs': m025,
  '026_clip_audio_checks': m026,
  '027_remix_setting': m027,
  '028_list_indexes': m028,
  '029_provenance_failing_index': m029,
};

export const staticMigrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
