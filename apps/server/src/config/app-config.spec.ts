import { ConfigError, loadConfig } from './app-config';

const STRONG = 'k3J9x-Qw7Lm2Zp8Rt4Vb6Nc1Hd5Fg0Ys';
const MRN_KEY = Buffer.alloc(32, 7).toString('base64');

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      production: false,
      port: 3000,
      dataDir: './.data',
      databaseUrl: null,
      redisUrl: null,
      jwtSecret: null,
      demoData: true,
      corsOrigins: [],
      trustProxy: false,
      publicUrl: 'http://localhost:3000',
      recordsDir: './.data/records',
    });
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/tb',
      DATABASE_URL: 'postgres://tb:pw@db:5432/tb',
      REDIS_URL: 'redis://cache:6379',
      JWT_SECRET: STRONG,
      MRN_ENCRYPTION_KEY: MRN_KEY,
      SIGNING_KEY: MRN_KEY,
      PUBLIC_URL: 'https://board.example.org/',
      RECORDS_DIR: '/srv/records',
      ACCESS_TOKEN_TTL: '600',
      SESSION_IDLE_TIMEOUT: '900',
      SESSION_MAX_AGE: '28800',
      LOGIN_MAX_FAILURES: '6',
      LOGIN_LOCKOUT_MINUTES: '30',
      LOGIN_RATE_LIMIT: '50',
      CORS_ORIGINS: 'https://board.example.org, https://tb.example.org',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      SECOND_OPINION_TARGET_DAYS_ROUTINE: '14',
      SECOND_OPINION_TARGET_DAYS_URGENT: '5',
      SECOND_OPINION_FOLLOW_UP_QUESTIONS: '3',
      SECOND_OPINION_REFERRER_LINK_DAYS: '60',
      OUTCOME_FOLLOW_UP_DAYS: '180, 30,90',
      OUTCOME_FOLLOW_UP_GRACE_DAYS: '7',
      MEDIASOUP_ANNOUNCED_ADDRESS: '203.0.113.7',
    });
    expect(config).toMatchObject({
      production: true,
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/tb',
      databaseUrl: 'postgres://tb:pw@db:5432/tb',
      redisUrl: 'redis://cache:6379',
      jwtSecret: STRONG,
      accessTokenTtlSeconds: 600,
      sessionIdleTimeoutSeconds: 900,
      sessionMaxAgeSeconds: 28800,
      maxFailedLogins: 6,
      lockoutMinutes: 30,
      loginRateLimitPerMinute: 50,
      demoData: false,
      corsOrigins: ['https://board.example.org', 'https://tb.example.org'],
      trustProxy: 1,
      logLevel: 'warn',
      publicUrl: 'https://board.example.org',
      mrnEncryptionKey: MRN_KEY,
      recordsDir: '/srv/records',
      secondOpinions: {
        targetDays: { routine: 14, urgent: 5 },
        followUpQuestions: 3,
        referrerLinkDays: 60,
      },
      outcomes: { followUpDays: [30, 90, 180], graceDays: 7 },
      media: { listenIp: '0.0.0.0', announcedAddress: '203.0.113.7' },
    });
  });

  it.each<[string, Record<string, string>, string]>([
    ['non-numeric port', { PORT: 'abc' }, 'PORT must be a whole number'],
    ['port out of range', { PORT: '70000' }, 'PORT must be a whole number'],
    ['negative port', { PORT: '-1' }, 'PORT'],
    ['unknown NODE_ENV', { NODE_ENV: 'prod' }, 'NODE_ENV must be one of'],
    ['non-postgres DATABASE_URL', { DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL must be a URL'],
    ['garbage DATABASE_URL', { DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    ['bad REDIS_URL', { REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    ['short JWT secret', { JWT_SECRET: 'short' }, 'JWT_SECRET is too weak'],
    ['low-variety JWT secret', { JWT_SECRET: 'ab'.repeat(20) }, 'JWT_SECRET is too weak'],
    [
      'placeholder JWT secret',
      { JWT_SECRET: 'changeme-changeme-changeme-0123456789' },
      'JWT_SECRET is too weak',
    ],
    ['production without JWT secret', { NODE_ENV: 'production' }, 'JWT_SECRET is required'],
    [
      'demo data in production',
      { NODE_ENV: 'production', JWT_SECRET: STRONG, DEMO_DATA: 'true' },
      'DEMO_DATA cannot',
    ],
    ['bad boolean', { DEMO_DATA: 'maybe' }, 'DEMO_DATA must be true or false'],
    ['bad CORS origin', { CORS_ORIGINS: 'https://ok.example, board.example.org' }, 'CORS_ORIGINS'],
    ['CORS origin with a path', { CORS_ORIGINS: 'https://ok.example/app' }, 'CORS_ORIGINS'],
    ['bad TRUST_PROXY', { TRUST_PROXY: 'everyone' }, 'TRUST_PROXY'],
    [
      'idle timeout above max age',
      { SESSION_IDLE_TIMEOUT: '7200', SESSION_MAX_AGE: '3600' },
      'SESSION_IDLE_TIMEOUT must not exceed',
    ],
    ['bad log level', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    ['bad HOST', { HOST: 'example.org' }, 'HOST'],
    [
      'MRN key of the wrong length',
      { MRN_ENCRYPTION_KEY: 'c2hvcnQ=' },
      'MRN_ENCRYPTION_KEY must be 32',
    ],
    [
      'production without MRN key',
      { NODE_ENV: 'production', JWT_SECRET: STRONG },
      'MRN_ENCRYPTION_KEY is required',
    ],
    [
      'production without signing key',
      { NODE_ENV: 'production', JWT_SECRET: STRONG },
      'SIGNING_KEY is required',
    ],
    ['signing key of the wrong length', { SIGNING_KEY: 'c2hvcnQ=' }, 'SIGNING_KEY must be 32'],
    ['bad PUBLIC_URL', { PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    ['upload limit out of range', { UPLOAD_LIMIT_BYTES: '10' }, 'UPLOAD_LIMIT_BYTES'],
    [
      'a follow-up day that is not a number',
      { OUTCOME_FOLLOW_UP_DAYS: '30,ninety' },
      'OUTCOME_FOLLOW_UP_DAYS',
    ],
    ['a follow-up day listed twice', { OUTCOME_FOLLOW_UP_DAYS: '30,30' }, 'OUTCOME_FOLLOW_UP_DAYS'],
    ['a follow-up day of zero', { OUTCOME_FOLLOW_UP_DAYS: '0,30' }, 'OUTCOME_FOLLOW_UP_DAYS'],
    [
      'too many follow-up questions',
      { SECOND_OPINION_FOLLOW_UP_QUESTIONS: '21' },
      'SECOND_OPINION_FOLLOW_UP_QUESTIONS',
    ],
    [
      'a zero turnaround target',
      { SECOND_OPINION_TARGET_DAYS_URGENT: '0' },
      'SECOND_OPINION_TARGET_DAYS_URGENT',
    ],
    [
      'production video listening on every address with nothing announced',
      { NODE_ENV: 'production', JWT_SECRET: STRONG, MRN_ENCRYPTION_KEY: MRN_KEY },
      'MEDIASOUP_ANNOUNCED_ADDRESS is required when NODE_ENV=production and MEDIASOUP_LISTEN_IP is 0.0.0.0',
    ],
    [
      'an announced address clients cannot reach',
      { MEDIASOUP_ANNOUNCED_ADDRESS: '0.0.0.0' },
      'MEDIASOUP_ANNOUNCED_ADDRESS must be an address clients can reach',
    ],
    [
      'an announced address that is no host',
      { MEDIASOUP_ANNOUNCED_ADDRESS: 'https://media.example.org' },
      'MEDIASOUP_ANNOUNCED_ADDRESS must be an IP address or a host name',
    ],
  ])('rejects %s', (_name, env, expected) => {
    expect(problems(env).join('\n')).toContain(expected);
  });

  it('names every bad variable at once, in a readable message', () => {
    const error = (() => {
      try {
        loadConfig({
          NODE_ENV: 'production',
          PORT: 'x',
          DATABASE_URL: 'nope',
          MRN_ENCRYPTION_KEY: MRN_KEY,
          SIGNING_KEY: MRN_KEY,
          MEDIASOUP_ANNOUNCED_ADDRESS: 'media.board.example.org',
        });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/^Invalid configuration:\n {2}- /);
    for (const name of ['PORT', 'DATABASE_URL', 'JWT_SECRET'])
      expect(error.message).toContain(name);
  });

  it.each<[string, Record<string, string>]>([
    ['an announced address', { MEDIASOUP_ANNOUNCED_ADDRESS: '203.0.113.7' }],
    ['one listen address', { MEDIASOUP_LISTEN_IP: '10.0.0.5' }],
    ['no video at all', { MEDIASOUP_WORKERS: '0' }],
  ])('accepts production video with %s', (_name, env) => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: STRONG,
      MRN_ENCRYPTION_KEY: MRN_KEY,
      SIGNING_KEY: MRN_KEY,
    };
    expect(problems({ ...production, ...env })).toEqual([]);
  });

  it('keeps the media defaults outside production (the workers announce this machine’s addresses)', () => {
    expect(loadConfig({}).media).toMatchObject({ listenIp: '0.0.0.0', announcedAddress: null });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' })).toMatchObject({
      port: 3000,
      databaseUrl: null,
    });
  });

  it('reads the DICOMweb sources, and names their problems with the rest', () => {
    const config = loadConfig({
      DICOMWEB_SOURCES: 'pacs',
      DICOMWEB_PACS_NAME: 'Radiology PACS',
      DICOMWEB_PACS_URL: 'https://pacs.hospital.example/dicom-web',
      DICOMWEB_PACS_AUTH: 'bearer',
      DICOMWEB_PACS_TOKEN: 'token-1',
    });
    expect(config.imaging).toMatchObject({
      defaultSourceId: 'pacs',
      sources: [{ id: 'pacs', auth: { type: 'bearer', token: 'token-1' } }],
    });
    expect(problems({ PORT: 'x', DICOMWEB_SOURCES: 'pacs' })).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "x")',
      "DICOMWEB_PACS_NAME is required: the source's name users see",
      'DICOMWEB_PACS_URL is required: the DICOMweb root, e.g. https://pacs.example/dicom-web',
    ]);
  });
});

describe('loadConfig: metrics', () => {
  const TOKEN = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c';

  it('serves no metrics by default', () => {
    expect(loadConfig({}).metrics).toBeNull();
    expect(loadConfig({ METRICS_ENABLED: 'false' }).metrics).toBeNull();
  });

  it.each<[string, Record<string, string>, object]>([
    [
      'on a port of their own, on HOST',
      { METRICS_PORT: '9464', HOST: '127.0.0.1' },
      { port: 9464, host: '127.0.0.1', token: null },
    ],
    [
      'on a port of their own, on METRICS_HOST',
      { METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' },
      { port: 9464, host: '10.0.0.5', token: null },
    ],
    [
      'on the main port behind the token',
      { METRICS_TOKEN: TOKEN },
      { port: null, host: '0.0.0.0', token: TOKEN },
    ],
    [
      'on a port of their own behind the token',
      { METRICS_PORT: '9464', METRICS_TOKEN: TOKEN },
      { port: 9464, host: '0.0.0.0', token: TOKEN },
    ],
  ])('serves the metrics %s', (_case, env, metrics) => {
    expect(loadConfig({ METRICS_ENABLED: 'true', ...env }).metrics).toEqual(metrics);
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'enabled with neither a port nor a token (they would be public)',
      { METRICS_ENABLED: 'true' },
      'METRICS_ENABLED needs METRICS_PORT (a port of its own) or METRICS_TOKEN (a bearer token for /metrics on the main port): metrics are never public',
    ],
    [
      'the main port',
      { METRICS_ENABLED: 'true', PORT: '8080', METRICS_PORT: '8080' },
      'METRICS_PORT must differ from PORT',
    ],
    [
      'the default main port',
      { METRICS_ENABLED: 'true', METRICS_PORT: '3000' },
      'METRICS_PORT must differ from PORT',
    ],
    [
      'port 0',
      { METRICS_ENABLED: 'true', METRICS_PORT: '0' },
      'METRICS_PORT must be a whole number from 1 to 65535 (got "0")',
    ],
    [
      'a port out of range',
      { METRICS_ENABLED: 'true', METRICS_PORT: '70000' },
      'METRICS_PORT must be a whole number from 1 to 65535 (got "70000")',
    ],
    [
      'a host name',
      { METRICS_ENABLED: 'true', METRICS_PORT: '9464', METRICS_HOST: 'metrics.internal' },
      'METRICS_HOST must be an IP address or localhost (got "metrics.internal")',
    ],
    [
      'a short token',
      { METRICS_ENABLED: 'true', METRICS_TOKEN: 'abcdef0123456789' },
      'METRICS_TOKEN must be at least 32 random characters among A-Z a-z 0-9 . _ ~ + / - (e.g. `openssl rand -hex 32`)',
    ],
    [
      'a guessable token',
      { METRICS_ENABLED: 'true', METRICS_TOKEN: 'changeme-changeme-changeme-changeme' },
      'METRICS_TOKEN must be at least 32 random characters among A-Z a-z 0-9 . _ ~ + / - (e.g. `openssl rand -hex 32`)',
    ],
    [
      'a token a bearer header cannot carry',
      { METRICS_ENABLED: 'true', METRICS_TOKEN: `${TOKEN.slice(0, 20)} ${TOKEN.slice(20)}` },
      'METRICS_TOKEN must be at least 32 random characters among A-Z a-z 0-9 . _ ~ + / - (e.g. `openssl rand -hex 32`)',
    ],
    [
      'a port without METRICS_ENABLED',
      { METRICS_PORT: '9464' },
      'METRICS_ENABLED must be true for METRICS_PORT to apply',
    ],
    [
      'a token without METRICS_ENABLED',
      { METRICS_ENABLED: 'false', METRICS_PORT: '9464', METRICS_TOKEN: TOKEN },
      'METRICS_ENABLED must be true for METRICS_PORT, METRICS_TOKEN to apply',
    ],
    [
      'METRICS_ENABLED that is not a boolean',
      { METRICS_ENABLED: 'sometimes', METRICS_TOKEN: TOKEN },
      'METRICS_ENABLED must be true or false (got "sometimes")',
    ],
  ])('refuses metrics with %s', (_case, env, problem) => {
    expect(problems(env)).toContain(problem);
  });
});

describe('loadConfig: single sign-on', () => {
  const HOSPITAL = {
    OIDC_PROVIDERS: 'hospital',
    OIDC_HOSPITAL_NAME: 'Hospital account',
    OIDC_HOSPITAL_ISSUER: 'https://login.hospital.example',
    OIDC_HOSPITAL_CLIENT_ID: 'tumor-board',
  };
  const PRODUCTION = {
    NODE_ENV: 'production',
    JWT_SECRET: STRONG,
    MRN_ENCRYPTION_KEY: MRN_KEY,
    SIGNING_KEY: MRN_KEY,
    MEDIASOUP_WORKERS: '0',
  };

  it('offers password sign-in and no provider by default', () => {
    expect(loadConfig({})).toMatchObject({ passwordLogin: true, sso: { providers: [] } });
  });

  it('reads the providers and switches password sign-in off', () => {
    const config = loadConfig({ ...HOSPITAL, PASSWORD_LOGIN: 'false' });
    expect(config.passwordLogin).toBe(false);
    expect(config.sso.providers).toMatchObject([
      { id: 'hospital', displayName: 'Hospital account', clientSecret: null },
    ]);
  });

  it('refuses password sign-in off with no provider: no one could sign in', () => {
    expect(problems({ PASSWORD_LOGIN: 'false' })).toEqual([
      'PASSWORD_LOGIN=false needs at least one identity provider in OIDC_PROVIDERS: no one could sign in',
    ]);
  });

  it('needs PUBLIC_URL in production, where the callback URLs are registered', () => {
    expect(problems({ ...PRODUCTION, ...HOSPITAL })).toEqual([
      "OIDC_PROVIDERS needs PUBLIC_URL when NODE_ENV=production: each provider's callback URL is built on it",
    ]);
    expect(
      problems({ ...PRODUCTION, ...HOSPITAL, PUBLIC_URL: 'https://board.example.org' }),
    ).toEqual([]);
  });

  it('names the providers’ problems with the rest', () => {
    expect(
      problems({
        ...PRODUCTION,
        PUBLIC_URL: 'https://board.example.org',
        PORT: 'x',
        ...HOSPITAL,
        OIDC_HOSPITAL_ISSUER: 'http://login.hospital.example',
      }),
    ).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "x")',
      'OIDC_HOSPITAL_ISSUER must be an https:// URL when NODE_ENV=production',
    ]);
  });
});
