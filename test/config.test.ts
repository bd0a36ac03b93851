import { ConfigError, loadConfig, loadToolEnv } from '../config/env';
import { DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS } from '../contracts';
import { DEFAULT_QA_SAMPLE_RATE } from '../policies/review';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, '/srv/loupe');
    expect(config).toMatchObject({ PORT: 3000, TEMPORAL_NAMESPACE: 'default', dataDir: '/srv/loupe/.data', LOUPE_SEED_DEMO: true, LOUPE_TRUSTED_PROXIES: 0 });
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT is not valid: expected .*number/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL is not valid: expected a postgres:\/\/ connection URL\.$/],
    [{ APP_DATABASE_URL: 'loupe_app_login@db' }, /^APP_DATABASE_URL is not valid: expected a postgres:\/\/ connection URL\.$/],
    [
      { DATABASE_URL: 'postgres://loupe:a@db/loupe', APP_DATABASE_URL: 'postgres://loupe:b@replica/loupe' },
      /^APP_DATABASE_URL is not valid: expected a different user than DATABASE_URL, because the app's role must not own the audit log\.$/,
    ],
    [{ TEMPORAL_ADDRESS: 'localhost' }, /^TEMPORAL_ADDRESS is not valid: expected host:port/],
    [{ LOUPE_SEED_DEMO: 'maybe' }, /^LOUPE_SEED_DEMO is not valid/],
    [{ LOUPE_TRUSTED_PROXIES: 'nginx' }, /^LOUPE_TRUSTED_PROXIES is not valid: expected the number of reverse proxies in front of the console/],
    [{ LOUPE_TRUSTED_PROXIES: '-1' }, /^LOUPE_TRUSTED_PROXIES is not valid: expected a whole number of proxies/],
    [{ C2PA_CERT_CHAIN_PATH: '/etc/loupe/chain.pem' }, /^C2PA_PRIVATE_KEY_PATH is not valid: expected a path as well/],
  ])('stops on %o with one sentence naming the variable', (env, message) => {
    expect(() => loadConfig(env as Record<string, string>)).toThrow(ConfigError);
    expect(() => loadConfig(env as Record<string, string>)).toThrow(message);
  });

  it.each(['1.5', '-0.1', '5%', 'five percent', ' ', '0x1'])('stops on LOUPE_QA_SAMPLE_RATE=%j with one sentence', (rate) => {
    expect(() => loadConfig({ LOUPE_QA_SAMPLE_RATE: rate })).toThrow(ConfigError);
    expect(() => loadConfig({ LOUPE_QA_SAMPLE_RATE: rate })).toThrow(
      /^LOUPE_QA_SAMPLE_RATE is not valid: expected a share between 0 and 1 of otherwise unreviewed clips to sample for quality assurance, for example 0\.05\.$/,
    );
  });

  it('samples the policy\'s default share of clips for QA unless LOUPE_QA_SAMPLE_RATE says otherwise', () => {
    expect(loadConfig({}).LOUPE_QA_SAMPLE_RATE).toBe(DEFAULT_QA_SAMPLE_RATE);
    expect(loadConfig({ LOUPE_QA_SAMPLE_RATE: '' }).LOUPE_QA_SAMPLE_RATE).toBe(DEFAULT_QA_SAMPLE_RATE);
    expect(loadConfig({ LOUPE_QA_SAMPLE_RATE: '0' }).LOUPE_QA_SAMPLE_RATE).toBe(0);
    expect(loadConfig({ LOUPE_QA_SAMPLE_RATE: '0.25' }).LOUPE_QA_SAMPLE_RATE).toBe(0.25);
    expect(loadConfig({ LOUPE_QA_SAMPLE_RATE: '1' }).LOUPE_QA_SAMPLE_RATE).toBe(1);
  });

  it('takes LOUPE_BIOMETRIC_KEY as the base64 of 32 bytes, requires it in production, and keeps embeddings 1 to 30 days (30 by default)', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({}).LOUPE_BIOMETRIC_KEY).toBeUndefined();
    expect(loadConfig({ LOUPE_BIOMETRIC_KEY: key }).LOUPE_BIOMETRIC_KEY).toBe(key);
    expect(() => loadConfig({ LOUPE_BIOMETRIC_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/^LOUPE_BIOMETRIC_KEY is not valid: expected the base64 of 32 random bytes/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/LOUPE_BIOMETRIC_KEY is not valid: expected the base64 of 32 random bytes .*, because in production/);
    expect(loadConfig({}).LOUPE_BIOMETRIC_RETENTION_DAYS).toBe(30);
    expect(loadConfig({ LOUPE_BIOMETRIC_RETENTION_DAYS: '7' }).LOUPE_BIOMETRIC_RETENTION_DAYS).toBe(7);
    for (const days of ['0', '31', '2.5', 'a month']) {
      expect(() => loadConfig({ LOUPE_BIOMETRIC_RETENTION_DAYS: days })).toThrow(/^LOUPE_BIOMETRIC_RETENTION_DAYS is not valid: expected a whole number of days between 1 and 30/);
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });
});

describe('developer tools\' configuration', () => {
  it('has working defaults', () => {
    expect(loadToolEnv(['CHROMIUM_PATH', 'LOUPE_RECORD_HISTORIES', 'BENCH_STORED_HASHES', 'BENCH_PART', 'LOUPE_URL', 'LOUPE_WALKTHROUGH_DIR', 'TEMPORAL_CLI_PATH', 'LOUPE_FUZZ_SEED', 'LOUPE_FUZZ_RUNS', 'LOUPE_FUZZ_DUMP'], {})).toEqual({
      CHROMIUM_PATH: '/usr/bin/chromium',
      LOUPE_RECORD_HISTORIES: false,
      BENCH_STORED_HASHES: 1_000_000,
      BENCH_PART: 'all',
      LOUPE_URL: 'http://localhost:3000',
      LOUPE_WALKTHROUGH_DIR: '.data/walkthrough',
      // The property test's fixed seed; its runs per route and procedure default in the test itself.
      LOUPE_FUZZ_SEED: 20251010,
    });
    expect(() => loadToolEnv(['LOUPE_FUZZ_RUNS'], { LOUPE_FUZZ_RUNS: '0' })).toThrow(/LOUPE_FUZZ_RUNS.*at least 1 run/);
    expect(loadToolEnv(['LOUPE_RECORD_HISTORIES', 'BENCH_STORED_HASHES', 'CHROMIUM_PATH'], { LOUPE_RECORD_HISTORIES: '1', BENCH_STORED_HASHES: '5000', CHROMIUM_PATH: '' })).toMatchObject({
      LOUPE_RECORD_HISTORIES: true,
      BENCH_STORED_HASHES: 5000,
      CHROMIUM_PATH: '/usr/bin/chromium',
    });
  });

  it('reads only the variables a tool names, so another tool\'s typo cannot stop it (nor npm start)', () => {
    const env = { BENCH_PART: 'everything', TEMPORAL_CLI_PATH: '/opt/temporal' };
    expect(loadToolEnv(['TEMPORAL_CLI_PATH'], env)).toMatchObject({ TEMPORAL_CLI_PATH: '/opt/temporal' });
    expect(() => loadConfig(env)).not.toThrow();
  });

  it.each([
    [{ BENCH_PART: 'everything' }, /^BENCH_PART is not valid: expected all, sign or lookup\.$/],
    [{ BENCH_STORED_HASHES: 'a million' }, /^BENCH_STORED_HASHES is not valid: expected a whole number of stored hashes, for example 1000000\.$/],
    [{ LOUPE_URL: 'localhost:3000' }, /^LOUPE_URL is not valid: expected the http\(s\) address of a running console, for example http:\/\/localhost:3000\.$/],
    [{ LOUPE_RECORD_HISTORIES: 'please' }, /^LOUPE_RECORD_HISTORIES is not valid/],
  ])('stops a tool on %o with one sentence naming the variable', (env, message) => {
    const names = Object.keys(env) as ('BENCH_PART' | 'BENCH_STORED_HASHES' | 'LOUPE_URL' | 'LOUPE_RECORD_HISTORIES')[];
    expect(() => loadToolEnv(names, env)).toThrow(ConfigError);
    expect(() => loadToolEnv(names, env)).toThrow(message);
  });
});

describe('LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS', () => {
  it('defaults to the workflow\u2019s 72 hours and reads decimals', () => {
    expect(loadConfig({}).LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS * 3600).toBe(DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS);
    expect(loadConfig({ LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS: '' }).LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS).toBe(72);
    expect(loadConfig({ LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS: '0.05' }).LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS).toBe(0.05);
    expect(loadConfig({ LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS: '24' }).LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS).toBe(24);
  });

  it.each(['0', '-1', 'three days', '721', '1e3'])('stops on %j with one sentence', (hours) => {
    expect(() => loadConfig({ LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS: hours })).toThrow(ConfigError);
    expect(() => loadConfig({ LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS: hours })).toThrow(
      /^LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS is not valid: expected hours between 0\.001 and 720 that a cameo owner has to answer an approval request, for example 72\.$/,
    );
  });
});
