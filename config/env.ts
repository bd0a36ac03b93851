/**
 * Loupe's configuration: environment variables only, validated once at start-up.
 *
 * A wrong value stops the process with one sentence that names the variable and
 * what it expects, so an operator never has to read a stack trace to fix a typo.
 * Every variable is documented in the README's configuration table; keep both in step.
 *
 * Every variable any Loupe process reads is named in this file: `envSchema` for the console and the
 * workers, `toolEnvSchema` for the developer tools (tests, benchmarks, the demo walkthrough). Left
 * out on purpose are the operating system's and npm's own variables that Loupe only passes on or
 * follows as conventions: PATH, HOME, XDG_CACHE_HOME (where caches go) and npm_execpath (which npm
 * runs the bootstrap), as well as scripts/setup/bootstrap.mjs, which runs before any package is
 * installed and so cannot load zod (it reads CHROMIUM_PATH as documented below).
 */
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_QA_SAMPLE_RATE } from '../policies/review';

const port = (fallback: number) =>
  z.coerce.number().int().min(1).max(65535).default(fallback);

const optionalPath = z.string().min(1).optional();

const QA_SAMPLE_RATE_EXPECTED = 'a share between 0 and 1 of otherwise unreviewed clips to sample for quality assurance, for example 0.05';

const CAMEO_APPROVAL_EXPIRY_EXPECTED = 'hours between 0.001 and 720 that a cameo owner has to answer an approval request, for example 72';

const BIOMETRIC_KEY_EXPECTED = 'the base64 of 32 random bytes (for example the output of openssl rand -base64 32)';

/** Issue 13: a copyright dispute deadline in days (decimals allowed, so a demo or test can use seconds). */
const disputeDays = (expected: string, fallback: number) =>
  z
    .string()
    .regex(/^(\d+(\.\d*)?|\.\d+)$/, expected)
    .transform(Number)
    .refine((days) => days * 86_400 >= 1 && days <= 365, expected)
    .default(fallback);

const CLAIMANT_DAYS_EXPECTED = 'days between 0.00002 and 365 a claimant has to answer a copyright dispute, for example 30';
const APPEAL_WINDOW_DAYS_EXPECTED = 'days between 0.00002 and 365 a creator has to appeal an upheld copyright claim, for example 14';
const APPEAL_DAYS_EXPECTED = 'days between 0.00002 and 365 a claimant has to answer a creator\'s appeal, for example 7';

const VIDEOS_PRICE_EXPECTED = 'US dollars per second of video between 0 and 100, for example 0.10';

const BIOMETRIC_RETENTION_EXPECTED = 'a whole number of days between 1 and 30 to keep a deleted cameo\'s face embeddings, for example 30';

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** LOUPE_DEMO_APP: a yes/no flag whose default depends on NODE_ENV, so it stays undefined when unset. */
const demoAppFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'true or false (the demo creator app at /demo)' })
  .optional()
  .transform((value) => (value === undefined ? undefined : value === 'true' || value === '1' || value === 'yes'));

/**
 * Whether the demo creator app (/demo) is served: LOUPE_DEMO_APP when set, otherwise on unless
 * NODE_ENV is production. Read by the demo's routes on each request, from `env` (process.env).
 * Throws a `ConfigError` when LOUPE_DEMO_APP holds something else than a yes/no value.
 */
export function demoAppEnabled(env: Record<string, string | undefined> = process.env): boolean {
  const flag = demoAppFlag.safeParse(env.LOUPE_DEMO_APP === '' ? undefined : env.LOUPE_DEMO_APP);
  if (!flag.success) throw new ConfigError(describeConfigIssues(flag.error.issues.map((issue) => ({ ...issue, path: ['LOUPE_DEMO_APP'] }))));
  return flag.data ?? (env.NODE_ENV ?? 'development') !== 'production';
}

/** The console's and workers' variables, their defaults, and the rules that tie some together. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOUPE_DATA_DIR: z.string().min(1).default('.data'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port(3000),
    PUBLIC_URL: z.url().optional(),
    /**
     * How many reverse proxies stand in front of the console. Their X-Forwarded-For entries name the
     * client; with 0 the header is ignored (anyone can send it), and the TCP peer is the client.
     */
    LOUPE_TRUSTED_PROXIES: z.coerce
      .number({ error: 'the number of reverse proxies in front of the console, 0 when browsers connect directly' })
      .int('a whole number of proxies, 0 when browsers connect directly')
      .min(0, 'a whole number of proxies, 0 when browsers connect directly')
      .max(10, 'at most 10 proxies')
      .default(0),

    /** The owner of the tables: migrations and grants run as this role (and the app too, if APP_DATABASE_URL is unset). */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL')
      .optional(),
    /** The role the console and workers use: a member of loupe_app that cannot change the audit log. */
    APP_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL')
      .optional(),
    EMBEDDED_POSTGRES_PORT: port(5433),

    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'host:port, for example temporal.example.com:7233')
      .optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TLS_CERT_PATH: optionalPath,
    TEMPORAL_TLS_KEY_PATH: optionalPath,
    TEMPORAL_TLS_CA_PATH: optionalPath,
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    TEMPORAL_CLI_PATH: optionalPath,
    TEMPORAL_DEV_PORT: port(7233),
    TEMPORAL_UI_PORT: port(8233),
    LOUPE_TASK_QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and dashes')
      .default('loupe'),

    C2PA_CERT_CHAIN_PATH: optionalPath,
    C2PA_PRIVATE_KEY_PATH: optionalPath,
    C2PA_TRUST_ANCHORS_PATH: optionalPath,
    /** Issue 5: an RFC 3161 time-stamp authority for C2PA signatures (optional; Loupe never needs the network otherwise). */
    C2PA_TSA_URL: z.url().optional(),

    LOUPE_SEED_DEMO: booleanFlag(true),
    /**
     * Issue 11: the demo creator app at /demo (staff sessions only), which calls the app API as a chosen
     * creator. Unset: on, except with NODE_ENV=production (see demoAppEnabled).
     */
    LOUPE_DEMO_APP: demoAppFlag,
    /**
     * Share (0..1) of clips that would be published without review but are sampled for a
     * quality-assurance look anyway (policies/review.ts routeClip). 0 turns sampling off, as the tests do.
     */
    LOUPE_QA_SAMPLE_RATE: z
      .string()
      // A plain decimal only: Number() would also read ' ' as 0 and '0x1' as 1, silently.
      .regex(/^(\d+(\.\d*)?|\.\d+)$/, QA_SAMPLE_RATE_EXPECTED)
      .transform(Number)
      .refine((rate) => rate <= 1, QA_SAMPLE_RATE_EXPECTED)
      .default(DEFAULT_QA_SAMPLE_RATE),
    /**
     * Other ffmpeg / ffprobe binaries than the npm packages ship (@ffmpeg-installer/ffmpeg,
     * @ffprobe-installer/ffprobe). Validated here at start; activities/media/ffmpeg.ts reads them when
     * it runs a tool, because scripts and tests that run no worker use it too.
     */
    FFMPEG_PATH: optionalPath,
    FFPROBE_PATH: optionalPath,
    /**
     * Issue 14: another folder holding the semantic prompt model (model.onnx, tokenizer.json) than
     * the one setup builds in the cache. activities/classifiers/semantic/embedder.ts reads it when it
     * loads, like FFMPEG_PATH, because scripts and tests that run no worker embed too.
     */
    LOUPE_SEMANTIC_MODEL_DIR: optionalPath,
    /**
     * Issue 14: whether prompts are screened by the semantic layer beside the rules (`on`, the
     * default) or by the rules alone (`off`: every screening's reasons then say so). How long one
     * prompt may take before the rules decide alone, in ms.
     */
    LOUPE_SEMANTIC_SCREENING: z.enum(['on', 'off']).default('on'),
    LOUPE_SEMANTIC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),

    // Issue 3: an optional external classifier combined with the prompt rules.
    LOUPE_EXTERNAL_MODERATION: z.enum(['none', 'openai']).default('none'),
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: z.url().optional(),
    LOUPE_EXTERNAL_MODERATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),

    /**
     * Issue 11: how long a cameo owner has to answer an approval request before it counts as denied,
     * in hours (decimals allowed: 0.05 is three minutes, for a demo). 72 by default, as
     * contracts/clip-pipeline.ts DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS; at most 30 days.
     */
    LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS: z
      .string()
      .regex(/^(\d+(\.\d*)?|\.\d+)$/, CAMEO_APPROVAL_EXPIRY_EXPECTED)
      .transform(Number)
      .refine((hours) => hours * 3600 >= 1 && hours <= 24 * 30, CAMEO_APPROVAL_EXPIRY_EXPECTED)
      .default(72),

    /**
     * Issue 12: the key that encrypts face embeddings at rest (AES-256-GCM, db/biometrics/key.ts),
     * base64 of 32 random bytes (`openssl rand -base64 32`). Required in production; in development
     * and tests, unset means a key made once in <LOUPE_DATA_DIR>/secrets/biometric.key and reused.
     */
    LOUPE_BIOMETRIC_KEY: z
      .string()
      .refine((value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32, BIOMETRIC_KEY_EXPECTED)
      .optional(),
    /**
     * Issue 12: how many days a deleted cameo's face embeddings are kept before the biometricDeletion
     * workflow deletes them (1..30; the issue's promise is "within 30 days of the cameo's deletion").
     */
    LOUPE_BIOMETRIC_RETENTION_DAYS: z.coerce
      .number({ error: BIOMETRIC_RETENTION_EXPECTED })
      .int(BIOMETRIC_RETENTION_EXPECTED)
      .min(1, BIOMETRIC_RETENTION_EXPECTED)
      .max(30, BIOMETRIC_RETENTION_EXPECTED)
      .default(30),

    /**
     * Issue 13: how long a claimant has to answer a creator's copyright dispute before the claim is
     * released for that video or request, in days (decimals allowed: 0.0001 is under nine seconds).
     * 30 by default (issue 13), as policies/copyright/disputes.ts DEFAULT_COPYRIGHT_DISPUTE_TIMERS.
     */
    LOUPE_COPYRIGHT_CLAIMANT_DAYS: disputeDays(CLAIMANT_DAYS_EXPECTED, 30),
    /** Issue 13: how long a creator has to appeal a claim the claimant upheld, in days (14 by default). */
    LOUPE_COPYRIGHT_APPEAL_WINDOW_DAYS: disputeDays(APPEAL_WINDOW_DAYS_EXPECTED, 14),
    /** Issue 13: how long a claimant has to answer the creator's appeal, in days (7 by default, issue 13). */
    LOUPE_COPYRIGHT_APPEAL_DAYS: disputeDays(APPEAL_DAYS_EXPECTED, 7),

    /**
     * Issue 16: where media bytes live: `local` (the default), files under <LOUPE_DATA_DIR>/media;
     * `s3`, objects in an S3-compatible bucket (db/s3-media-store.ts), with a local copy of what a
     * worker reads under <LOUPE_DATA_DIR>/media-cache. Every console and worker process must agree.
     */
    LOUPE_MEDIA_STORE: z.enum(['local', 's3'], { error: 'local or s3 (where media files are stored)' }).default('local'),
    /** Another S3-compatible server than AWS S3 (MinIO, Ceph, R2...): its URL. Unset: AWS S3 in LOUPE_S3_REGION. */
    LOUPE_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'the http(s) URL of an S3-compatible server, for example https://minio.example.com:9000' }).optional(),
    /** The bucket; AWS S3 "Bucket naming rules": 3-63 lower-case letters, digits, dots and hyphens. */
    LOUPE_S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name of 3 to 63 lower-case letters, digits, dots and hyphens, for example loupe-media')
      .optional(),
    LOUPE_S3_REGION: z.string().regex(/^[a-z0-9-]+$/, 'a region name such as us-east-1').default('us-east-1'),
    /** Static credentials; unset, the AWS SDK's default chain (AWS_* variables, a profile, an instance role). */
    LOUPE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    LOUPE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style URLs (<endpoint>/<bucket>/<key>), which most S3-compatible servers need; AWS S3 does not. */
    LOUPE_S3_FORCE_PATH_STYLE: booleanFlag(false),

    /**
     * Issue 15: which video generator the generation workers use: `procedural`, the ffmpeg stand-in
     * (the default), or `openai-videos`, a provider speaking the OpenAI-compatible Videos API
     * (activities/generation/openai-videos.ts; docs/generation-providers.md) at
     * LOUPE_OPENAI_VIDEOS_BASE_URL with LOUPE_OPENAI_VIDEOS_API_KEY and LOUPE_OPENAI_VIDEOS_MODEL.
     */
    LOUPE_GENERATOR: z.enum(['procedural', 'openai-videos'], { error: 'procedural (the ffmpeg stand-in) or openai-videos (a provider speaking the OpenAI-compatible Videos API)' }).default('procedural'),
    LOUPE_OPENAI_VIDEOS_BASE_URL: z.url({ protocol: /^https?$/, error: 'the http(s) base address of the Videos API, for example https://api.openai.com/v1' }).optional(),
    LOUPE_OPENAI_VIDEOS_API_KEY: z.string().min(1).optional(),
    LOUPE_OPENAI_VIDEOS_MODEL: z.string().min(1).default('sora-2'),
    /** The `whsec_` secret the console verifies the provider's webhooks with (Standard Webhooks); unset: no webhooks, polling only. */
    LOUPE_OPENAI_VIDEOS_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'the webhook signing secret as the provider shows it, starting with whsec_').optional(),
    /** US dollars per billed second of video, for the cost recorded per request (0: not priced). */
    LOUPE_OPENAI_VIDEOS_PRICE_PER_SECOND: z
      .string()
      .regex(/^(\d+(\.\d*)?|\.\d+)$/, VIDEOS_PRICE_EXPECTED)
      .transform(Number)
      .refine((price) => price <= 100, VIDEOS_PRICE_EXPECTED)
      .default(0),
    /** The first wait between status polls in ms, doubled after each unfinished poll up to 60 s, when the provider sends no openai-poll-after-ms. */
    LOUPE_OPENAI_VIDEOS_POLL_MS: z.coerce.number({ error: 'milliseconds between 100 and 60000, for example 5000' }).int().min(100).max(60_000).default(5000),
    /** How long a job may take at the provider before the request fails as timed out (and the job is deleted), in seconds. */
    LOUPE_OPENAI_VIDEOS_JOB_TIMEOUT_SECONDS: z.coerce.number({ error: 'seconds between 1 and 86400, for example 1800' }).int().min(1).max(86_400).default(1800),

    /**
     * Issue 16, benchmarks and tests only: an MP4 that every clip is a copy of
     * (activities/generation/fixture-clip.ts), so `npm run bench -- pipeline` measures Loupe's own
     * work and not a video model's. Unset (always, in a deployment): the configured generator.
     * Refused with NODE_ENV=production.
     */
    LOUPE_FIXTURE_CLIP: optionalPath,
  })
  .superRefine((env, ctx) => {
    if (env.APP_DATABASE_URL && env.DATABASE_URL && sameUser(env.APP_DATABASE_URL, env.DATABASE_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_DATABASE_URL'],
        message: 'a different user than DATABASE_URL, because the app\'s role must not own the audit log',
      });
    }
    const c2pa = { C2PA_CERT_CHAIN_PATH: env.C2PA_CERT_CHAIN_PATH, C2PA_PRIVATE_KEY_PATH: env.C2PA_PRIVATE_KEY_PATH, C2PA_TRUST_ANCHORS_PATH: env.C2PA_TRUST_ANCHORS_PATH };
    const missing = Object.entries(c2pa).filter(([, value]) => !value).map(([name]) => name);
    if (missing.length > 0 && missing.length < 3) {
      ctx.addIssue({
        code: 'custom',
        path: [missing[0]!],
        message: 'a path as well, because a real signing certificate needs its chain, private key and trust anchors together',
      });
    }
    if (env.LOUPE_EXTERNAL_MODERATION === 'openai' && !env.OPENAI_API_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['OPENAI_API_KEY'],
        message: 'an API key, because LOUPE_EXTERNAL_MODERATION=openai asks OpenAI\'s moderation endpoint about every prompt',
      });
    }
    if (env.NODE_ENV === 'production' && env.LOUPE_FIXTURE_CLIP) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOUPE_FIXTURE_CLIP'],
        message: 'to be unset, because in production every clip must come from a real generator, not a copy of a benchmark fixture',
      });
    }
    if (env.LOUPE_GENERATOR === 'openai-videos') {
      for (const name of ['LOUPE_OPENAI_VIDEOS_BASE_URL', 'LOUPE_OPENAI_VIDEOS_API_KEY'] as const) {
        if (!env[name]) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'a value, because LOUPE_GENERATOR=openai-videos makes every clip at that Videos API provider' });
        }
      }
    }
    if (env.NODE_ENV === 'production' && !env.LOUPE_BIOMETRIC_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOUPE_BIOMETRIC_KEY'],
        message: `${BIOMETRIC_KEY_EXPECTED}, because in production face embeddings are encrypted with a key the operator keeps, not one made on the fly`,
      });
    }
    if (env.LOUPE_MEDIA_STORE === 's3' && !env.LOUPE_S3_BUCKET) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOUPE_S3_BUCKET'],
        message: 'a bucket name, because LOUPE_MEDIA_STORE=s3 stores every media file in that bucket',
      });
    }
    if (Boolean(env.LOUPE_S3_ACCESS_KEY_ID) !== Boolean(env.LOUPE_S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.LOUPE_S3_ACCESS_KEY_ID ? 'LOUPE_S3_SECRET_ACCESS_KEY' : 'LOUPE_S3_ACCESS_KEY_ID'],
        message: 'to be set together with the other LOUPE_S3_* key (an access key id needs its secret), or both left unset for the AWS SDK\'s default credentials',
      });
    }
    if (Boolean(env.TEMPORAL_TLS_CERT_PATH) !== Boolean(env.TEMPORAL_TLS_KEY_PATH)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH'],
        message: 'must be set together with the other TEMPORAL_TLS_* path (mTLS needs a client certificate and key)',
      });
    }
  });

/** Whether two connection URLs log in as the same user (a URL without one leaves it to libpq: not compared). */
function sameUser(a: string, b: string): boolean {
  const user = (url: string) => {
    try {
      return decodeURIComponent(new URL(url).username);
    } catch {
      return '';
    }
  };
  return user(a) !== '' && user(a) === user(b);
}

export type LoupeEnv = z.infer<typeof envSchema>;

export interface LoupeConfig extends LoupeEnv {
  /** Absolute data folder: PostgreSQL data, Temporal's file, media, signing keys. */
  dataDir: string;
  mediaDir: string;
  /** Issue 16: with LOUPE_MEDIA_STORE=s3, the local copies of objects a worker reads (disposable). */
  mediaCacheDir: string;
  c2paDir: string;
}

/** A bad or missing configuration value; its message is the sentence to show the operator. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Turns zod's issues into one sentence an operator can act on. */
export function describeConfigIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const variable = issue.path.join('.') || 'configuration';
      const expected = issue.message.replace(/^Invalid input: /, '');
      return `${variable} is not valid: expected ${expected}.`;
    })
    .join(' ');
}

/** Empty strings count as unset: `FOO= npm start` should mean "use the default". */
function withoutEmptyValues(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}

/**
 * Validates the console's and workers' variables (`envSchema`) and resolves the data folders against
 * `cwd`. Throws a `ConfigError` whose message is one sentence per bad or missing value.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): LoupeConfig {
  const parsed = envSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) throw new ConfigError(describeConfigIssues(parsed.error.issues));
  const dataDir = path.resolve(cwd, parsed.data.LOUPE_DATA_DIR);
  return {
    ...parsed.data,
    dataDir,
    mediaDir: path.join(dataDir, 'media'),
    mediaCacheDir: path.join(dataDir, 'media-cache'),
    c2paDir: path.join(dataDir, 'c2pa'),
  };
}

/**
 * Variables read only by developer tools, never by `npm start` or a worker. Each tool validates only
 * the ones it reads (`loadToolEnv`), so a typo in one of them stops that tool alone: npm start's
 * bootstrap runs the Temporal install, which must not fail over a benchmark's setting. Same rule as
 * `envSchema` otherwise: unset or empty means the default, a wrong value is one sentence.
 */
export const toolEnvSchema = z.object({
  /** The Chromium the browser tests and the demo walkthrough drive (Debian's package by default). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** `1`: test/workflows/replay.test.ts records fresh workflow histories instead of only replaying them. */
  LOUPE_RECORD_HISTORIES: booleanFlag(false),
  /** How many stored PDQ hashes the provenance benchmark searches (scripts/bench/provenance.bench.ts). */
  BENCH_STORED_HASHES: z.coerce
    .number({ error: 'a whole number of stored hashes, for example 1000000' })
    .int('a whole number of stored hashes, for example 1000000')
    .min(1, 'a whole number of stored hashes, for example 1000000')
    .default(1_000_000),
  /** Which half of the provenance benchmark to run: signing and verifying, hash lookups, or both. */
  BENCH_PART: z.enum(['all', 'sign', 'lookup'], { error: 'all, sign or lookup' }).default('all'),
  /** The running console the demo walkthrough drives (scripts/demo/reviewer-walkthrough.ts). */
  LOUPE_URL: z
    .url({ protocol: /^https?$/, error: 'the http(s) address of a running console, for example http://localhost:3000' })
    .default('http://localhost:3000'),
  /** Where the demo walkthrough writes its screenshots. */
  LOUPE_WALKTHROUGH_DIR: z.string().min(1).default('.data/walkthrough'),
  /** As for `npm start`: a Temporal CLI binary (npm run temporal:install, recording histories). */
  TEMPORAL_CLI_PATH: optionalPath,
  /** The property test's seed (test/app/property-no-5xx.test.ts): another seed searches other inputs. */
  LOUPE_FUZZ_SEED: z.coerce.number({ error: 'a whole number, for example 7' }).int('a whole number, for example 7').default(20251010),
  /** Generated requests per route and per procedure in the property test (default 40 and 24). */
  LOUPE_FUZZ_RUNS: z.coerce.number({ error: 'a whole number of runs, for example 100' }).int('a whole number of runs, for example 100').min(1, 'at least 1 run').optional(),
  /** A file the property test appends each failing request and answer to, for debugging. */
  LOUPE_FUZZ_DUMP: z.string().min(1).optional(),
  /** Issue 16's fault tests (test/faults/): requests in flight when the fault is injected. */
  LOUPE_FAULT_REQUESTS: z.coerce.number({ error: 'a whole number of requests, for example 4' }).int('a whole number of requests, for example 4').min(1, 'at least 1 request').max(20, 'at most 20 requests (two cores render them)').default(4),
  /** Seconds the PostgreSQL fault test keeps the database stopped (issue 16 says 20). */
  LOUPE_FAULT_POSTGRES_DOWN_SECONDS: z.coerce.number({ error: 'seconds, for example 20' }).min(0, 'seconds, for example 20').max(600, 'at most 600 seconds').default(20),
  /** Seconds the Temporal fault test keeps the Temporal server stopped. */
  LOUPE_FAULT_TEMPORAL_DOWN_SECONDS: z.coerce.number({ error: 'seconds, for example 10' }).min(0, 'seconds, for example 10').max(600, 'at most 600 seconds').default(10),
  /**
   * Seconds the provider-outage fault test keeps the Videos API answering 500s and hanging calls;
   * at most 120, inside the provider steps' 182 s of retry backoff (workflows/provider-job.ts).
   */
  LOUPE_FAULT_PROVIDER_DOWN_SECONDS: z.coerce.number({ error: 'seconds, for example 15' }).min(1, 'at least 1 second').max(120, "at most 120 seconds (inside the provider steps' retry budget)").default(15),
});

export type ToolEnv = z.infer<typeof toolEnvSchema>;

/**
 * Validates the developer-tool variables `names` from `env` and returns them, defaults filled in.
 * The other tool variables are not read (they take their defaults), so they cannot fail here.
 * Throws a `ConfigError` with one sentence per bad value.
 */
export function loadToolEnv<Name extends keyof ToolEnv>(
  names: readonly Name[],
  env: Record<string, string | undefined> = process.env,
): Pick<ToolEnv, Name> {
  const named = Object.fromEntries(names.map((name) => [name, env[name]]));
  const parsed = toolEnvSchema.safeParse(withoutEmptyValues(named));
  if (!parsed.success) throw new ConfigError(describeConfigIssues(parsed.error.issues));
  // Only the names asked for: the schema's defaults fill in every other tool's settings too.
  return Object.fromEntries(names.map((name) => [name, parsed.data[name]])) as Pick<ToolEnv, Name>;
}
