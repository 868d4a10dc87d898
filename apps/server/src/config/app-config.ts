import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve, sep } from 'node:path';
import { ImagingConfig, readImagingConfig } from '@app/imaging';
import { announcedAddressProblem, mediaAddressingProblem } from '@app/media';
import { SsoConfig, readSsoConfig } from '@app/sso';

/**
 * Configuration is read from the environment once, at boot, and validated
 * as a whole: every bad variable is named in one readable message.
 */
/** apps/web/dist of this checkout, from dist/apps/server/src/config or apps/server/src/config. */
const DEFAULT_WEB_DIR = resolve(
  __dirname,
  __dirname.includes(`${sep}dist${sep}`) ? '../../../../../apps/web/dist' : '../../../web/dist',
);

export type NodeEnv = 'development' | 'test' | 'production';

export interface AppConfig {
  nodeEnv: NodeEnv;
  production: boolean;
  host: string;
  port: number;
  dataDir: string;
  /** Unset: an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl: string | null;
  databasePoolSize: number;
  redisUrl: string | null;
  /** Unset outside production: generated once and kept in `dataDir`. */
  jwtSecret: string | null;
  accessTokenTtlSeconds: number;
  sessionIdleTimeoutSeconds: number;
  sessionMaxAgeSeconds: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  loginRateLimitPerMinute: number;
  invitationTtlHours: number;
  /** `PASSWORD_LOGIN`: false refuses password sign-in; accounts then sign in through `sso`'s providers. */
  passwordLogin: boolean;
  /** The OpenID Connect identity providers (`OIDC_*`). */
  sso: SsoConfig;
  demoData: boolean;
  corsOrigins: string[];
  bodyLimitBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Express `trust proxy`: false, a hop count, or a list of addresses/subnets. */
  trustProxy: boolean | number | string[];
  shutdownTimeoutMs: number;
  /** Base URL users and calendar apps reach the server at (no trailing slash). */
  publicUrl: string;
  /** 32-byte key (base64) encrypting MRNs at rest; generated into DATA_DIR outside production. */
  mrnEncryptionKey: string | null;
  /** 32-byte key (base64) the server signs recommendation signatures with; generated outside production. */
  signingKey: string | null;
  /** Where uploaded clinical records are stored. */
  recordsDir: string;
  /** The file of signed audit-chain checkpoints (`$DATA_DIR/audit-checkpoints.jsonl` by default); null: none. */
  auditCheckpointFile: string | null;
  auditCheckpointMs: number;
  /** The built web client served at `/` (Vite's output). */
  webDir: string;
  uploadLimitBytes: number;
  collab: {
    maxMessageBytes: number;
    maxDocumentBytes: number;
    idleUnloadMs: number;
    compactAfterUpdates: number;
    compactAfterBytes: number;
  };
  /** How often an instance confirms its meeting-room sockets in Redis; three missed beats and they leave. */
  presenceHeartbeatMs: number;
  media: {
    workers: number;
    listenIp: string;
    announcedAddress: string | null;
    /** Unset: each worker's WebRtcServer takes a random port (tests, single-box trials). */
    port: number | null;
    stunUrls: string[];
    turnUrls: string[];
    turnSecret: string | null;
    turnTtlSeconds: number;
    /** With REDIS_URL: how long an instance owns a meeting's media room without renewing it. */
    ownerLeaseMs: number;
  };
  /** How often open votes past their deadline are closed. */
  voteDeadlineSweepMs: number;
  /** Outgoing webhooks: polling for due deliveries, retry backoff, attempts and request timeout. */
  secondOpinions: {
    /** Follow-up questions a referrer may ask after delivery, unless set on the request. */
    followUpQuestions: number;
    /** Days the referrer's link to the delivered opinion stays valid. */
    referrerLinkDays: number;
    /** Turnaround target per priority, in days of running clock. */
    targetDays: { routine: number; urgent: number };
  };
  outcomes: {
    /** Days after publication or delivery at which the outcome is followed up. */
    followUpDays: number[];
    /** Days after a follow-up's due date before it is listed as overdue. */
    graceDays: number;
  };
  webhooks: {
    pollIntervalMs: number;
    retryBaseMs: number;
    maxAttempts: number;
    timeoutMs: number;
  };
  /** The DICOMweb sources imaging is read from (`DICOMWEB_*`), and the proxy's bounds. */
  imaging: ImagingConfig;
  /** Prometheus metrics (`METRICS_*`); null: not served at all (the default). */
  metrics: MetricsConfig | null;
}

/**
 * Where `/metrics` is served and who may scrape it: on a port of its own (which serves nothing
 * else) or on the main port, and there only with the bearer token. Never public by default.
 */
export interface MetricsConfig {
  /** The metrics port; null: `/metrics` on the main port, behind `token`. */
  port: number | null;
  /** The address the metrics port listens on (default: HOST). */
  host: string;
  /** The bearer token every scrape must carry; required on the main port, optional on the metrics port. */
  token: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const WEAK_SECRETS = [
  'secret',
  'changeme',
  'change-me',
  'password',
  'jwt-secret',
  'development',
  'test',
];
export const MIN_JWT_SECRET_LENGTH = 32;

class Reader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return Number(value);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return value;
    } catch {
      this.problems.push(
        `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      );
      return null;
    }
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value as T;
  }
}

/** The one place the process environment is read. */
export function loadConfigFromEnvironment(): AppConfig {
  return loadConfig(process.env);
}

export function loadConfig(env: Env): AppConfig {
  const read = new Reader(env);
  const nodeEnv = read.oneOf<NodeEnv>(
    'NODE_ENV',
    ['development', 'test', 'production'],
    'development',
  );
  const production = nodeEnv === 'production';

  const jwtSecret = read.raw('JWT_SECRET') ?? null;
  if (jwtSecret !== null && weakSecret(jwtSecret)) {
    read.problems.push(
      `JWT_SECRET is too weak: use at least ${MIN_JWT_SECRET_LENGTH} random characters (e.g. \`openssl rand -base64 48\`)`,
    );
  } else if (jwtSecret === null && production) {
    read.problems.push('JWT_SECRET is required when NODE_ENV=production');
  }

  const databaseUrl = read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const accessTokenTtlSeconds = read.integer('ACCESS_TOKEN_TTL', 900, 60, 3600);
  const sessionIdleTimeoutSeconds = read.integer('SESSION_IDLE_TIMEOUT', 1800, 300, 86_400);
  const sessionMaxAgeSeconds = read.integer('SESSION_MAX_AGE', 43_200, 900, 604_800);
  if (sessionIdleTimeoutSeconds > sessionMaxAgeSeconds) {
    read.problems.push('SESSION_IDLE_TIMEOUT must not exceed SESSION_MAX_AGE');
  }

  const config: AppConfig = {
    nodeEnv,
    production,
    host: parseHost(read, 'HOST', '0.0.0.0'),
    port: read.integer('PORT', 3000, 0, 65_535),
    dataDir: read.string('DATA_DIR', './.data'),
    databaseUrl,
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', 10, 1, 200),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret,
    accessTokenTtlSeconds,
    sessionIdleTimeoutSeconds,
    sessionMaxAgeSeconds,
    maxFailedLogins: read.integer('LOGIN_MAX_FAILURES', 5, 3, 20),
    lockoutMinutes: read.integer('LOGIN_LOCKOUT_MINUTES', 15, 1, 1440),
    loginRateLimitPerMinute: read.integer('LOGIN_RATE_LIMIT', 20, 1, 10_000),
    invitationTtlHours: read.integer('INVITATION_TTL_HOURS', 72, 1, 720),
    passwordLogin: read.boolean('PASSWORD_LOGIN', true),
    sso: parseSso(read, env, production),
    demoData: read.boolean('DEMO_DATA', !production),
    corsOrigins: parseOrigins(read),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1_048_576, 1024, 52_428_800),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    trustProxy: parseTrustProxy(read),
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 15_000, 1000, 120_000),
    publicUrl: '',
    mrnEncryptionKey: parseKey(read, 'MRN_ENCRYPTION_KEY'),
    signingKey: parseKey(read, 'SIGNING_KEY'),
    recordsDir: '',
    auditCheckpointFile: null,
    auditCheckpointMs: read.integer('AUDIT_CHECKPOINT_MS', 60_000, 100, 3_600_000),
    webDir: read.string('WEB_DIR', DEFAULT_WEB_DIR),
    uploadLimitBytes: read.integer('UPLOAD_LIMIT_BYTES', 26_214_400, 1024, 1_073_741_824),
    collab: {
      maxMessageBytes: read.integer('COLLAB_MAX_MESSAGE_BYTES', 1_048_576, 1024, 67_108_864),
      maxDocumentBytes: read.integer('COLLAB_MAX_DOCUMENT_BYTES', 16_777_216, 4096, 268_435_456),
      idleUnloadMs: read.integer('COLLAB_IDLE_UNLOAD_MS', 30_000, 10, 3_600_000),
      compactAfterUpdates: read.integer('COLLAB_COMPACT_UPDATES', 500, 1, 1_000_000),
      compactAfterBytes: read.integer('COLLAB_COMPACT_BYTES', 1_048_576, 1024, 268_435_456),
    },
    presenceHeartbeatMs: read.integer('PRESENCE_HEARTBEAT_MS', 10_000, 200, 60_000),
    voteDeadlineSweepMs: read.integer('VOTE_DEADLINE_SWEEP_MS', 5_000, 100, 60_000),
    media: {
      workers: read.integer('MEDIASOUP_WORKERS', availableParallelism(), 0, 64),
      listenIp: parseIp(read, 'MEDIASOUP_LISTEN_IP', '0.0.0.0'),
      announcedAddress: parseAnnouncedAddress(read),
      port: parsePortRange(read),
      stunUrls: parseIceUrls(read, 'STUN_URLS', ['stun:', 'stuns:']),
      turnUrls: parseIceUrls(read, 'TURN_URLS', ['turn:', 'turns:']),
      turnSecret: read.raw('TURN_SECRET')?.trim() || null,
      turnTtlSeconds: read.integer('TURN_TTL_SECONDS', 86_400, 60, 604_800),
      ownerLeaseMs: read.integer('MEDIA_OWNER_LEASE_MS', 10_000, 400, 120_000),
    },
    secondOpinions: {
      followUpQuestions: read.integer('SECOND_OPINION_FOLLOW_UP_QUESTIONS', 2, 0, 20),
      referrerLinkDays: read.integer('SECOND_OPINION_REFERRER_LINK_DAYS', 30, 1, 365),
      targetDays: {
        routine: read.integer('SECOND_OPINION_TARGET_DAYS_ROUTINE', 10, 1, 90),
        urgent: read.integer('SECOND_OPINION_TARGET_DAYS_URGENT', 3, 1, 90),
      },
    },
    outcomes: {
      followUpDays: parseFollowUpDays(read),
      graceDays: read.integer('OUTCOME_FOLLOW_UP_GRACE_DAYS', 14, 0, 365),
    },
    webhooks: {
      pollIntervalMs: read.integer('WEBHOOK_POLL_MS', 2000, 10, 60_000),
      retryBaseMs: read.integer('WEBHOOK_RETRY_BASE_MS', 30_000, 10, 3_600_000),
      maxAttempts: read.integer('WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
      timeoutMs: read.integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    imaging: parseImaging(read, env),
    metrics: null,
  };
  config.metrics = parseMetrics(read, config.port, config.host);
  config.publicUrl = (
    read.url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${config.port}`
  ).replace(/\/+$/, '');
  config.recordsDir = read.string('RECORDS_DIR', `${config.dataDir.replace(/\/+$/, '')}/records`);
  const checkpointFile = read.string(
    'AUDIT_CHECKPOINT_FILE',
    `${config.dataDir.replace(/\/+$/, '')}/audit-checkpoints.jsonl`,
  );
  config.auditCheckpointFile = checkpointFile === 'off' ? null : checkpointFile;
  if (production && config.demoData)
    read.problems.push('DEMO_DATA cannot be enabled when NODE_ENV=production');
  if (!config.passwordLogin && config.sso.providers.length === 0)
    read.problems.push(
      'PASSWORD_LOGIN=false needs at least one identity provider in OIDC_PROVIDERS: no one could sign in',
    );
  if (production && config.sso.providers.length > 0 && read.raw('PUBLIC_URL') === undefined)
    read.problems.push(
      "OIDC_PROVIDERS needs PUBLIC_URL when NODE_ENV=production: each provider's callback URL is built on it",
    );
  const mediaProblem = mediaAddressingProblem({ ...config.media, production });
  if (mediaProblem) read.problems.push(mediaProblem);
  if (config.media.turnUrls.length > 0 && config.media.turnSecret === null)
    read.problems.push("TURN_URLS needs TURN_SECRET (the TURN server's shared auth secret)");
  if (production && config.signingKey === null) {
    read.problems.push(
      'SIGNING_KEY is required when NODE_ENV=production (32 random bytes, base64: `openssl rand -base64 32`)',
    );
  }
  if (production && config.mrnEncryptionKey === null) {
    read.problems.push(
      'MRN_ENCRYPTION_KEY is required when NODE_ENV=production (32 random bytes, base64: `openssl rand -base64 32`)',
    );
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** `METRICS_*`: off unless enabled, and then on a port of its own or behind a bearer token. */
function parseMetrics(read: Reader, mainPort: number, mainHost: string): MetricsConfig | null {
  const enabled = read.boolean('METRICS_ENABLED', false);
  const port =
    read.raw('METRICS_PORT') === undefined ? null : read.integer('METRICS_PORT', 0, 1, 65_535);
  const host = parseHost(read, 'METRICS_HOST', mainHost);
  const token = read.raw('METRICS_TOKEN') ?? null;
  if (!enabled) {
    const set = ['METRICS_PORT', 'METRICS_HOST', 'METRICS_TOKEN'].filter((name) => read.raw(name));
    if (set.length > 0)
      read.problems.push(`METRICS_ENABLED must be true for ${set.join(', ')} to apply`);
    return null;
  }
  // What an Authorization: Bearer header can carry (RFC 6750's token68).
  if (token !== null && (weakSecret(token) || !/^[A-Za-z0-9._~+/-]+=*$/.test(token))) {
    read.problems.push(
      `METRICS_TOKEN must be at least ${MIN_JWT_SECRET_LENGTH} random characters among A-Z a-z 0-9 . _ ~ + / - (e.g. \`openssl rand -hex 32\`)`,
    );
  }
  if (port === null && token === null) {
    read.problems.push(
      'METRICS_ENABLED needs METRICS_PORT (a port of its own) or METRICS_TOKEN (a bearer token for /metrics on the main port): metrics are never public',
    );
  }
  if (port !== null && port === mainPort) read.problems.push('METRICS_PORT must differ from PORT');
  return { port, host, token };
}

/** The `OIDC_*` variables: the identity providers of single sign-on. */
function parseSso(read: Reader, env: Env, production: boolean): SsoConfig {
  const { config, problems } = readSsoConfig(env, { production });
  read.problems.push(...problems);
  return config;
}

/** The `DICOMWEB_*` variables: the DICOMweb sources and the imaging proxy's bounds. */
function parseImaging(read: Reader, env: Env): ImagingConfig {
  const { config, problems } = readImagingConfig(env);
  read.problems.push(...problems);
  return config;
}

function parseKey(read: Reader, name: string): string | null {
  const value = read.raw(name);
  if (value === undefined) return null;
  if (Buffer.from(value, 'base64').length !== 32 || !/^[A-Za-z0-9+/]{43}=$/.test(value)) {
    read.problems.push(
      `${name} must be 32 random bytes in base64 (44 characters, e.g. \`openssl rand -base64 32\`)`,
    );
    return null;
  }
  return value;
}

function weakSecret(secret: string): boolean {
  if (secret.length < MIN_JWT_SECRET_LENGTH) return true;
  if (new Set(secret).size < 10) return true;
  const lowered = secret.toLowerCase();
  return WEAK_SECRETS.some((word) => lowered.includes(word));
}

function parseHost(read: Reader, name: string, fallback: string): string {
  const host = read.string(name, fallback);
  if (isIP(host) === 0 && host !== 'localhost')
    read.problems.push(`${name} must be an IP address or localhost (got "${host}")`);
  return host;
}

/**
 * Worker i's WebRtcServer listens on MEDIASOUP_RTC_MIN_PORT + i (UDP and TCP),
 * so the range must hold one port per worker; unset: random ports.
 */
function parsePortRange(read: Reader): number | null {
  if (read.raw('MEDIASOUP_RTC_MIN_PORT') === undefined) return null;
  const min = read.integer('MEDIASOUP_RTC_MIN_PORT', 40_000, 1024, 65_000);
  const max = read.integer('MEDIASOUP_RTC_MAX_PORT', 65_000, 1024, 65_535);
  const workers = read.integer('MEDIASOUP_WORKERS', availableParallelism(), 0, 64);
  if (min + workers - 1 > max)
    read.problems.push(
      `MEDIASOUP_RTC_MIN_PORT..MEDIASOUP_RTC_MAX_PORT must hold one port per worker (${workers})`,
    );
  return min;
}

function parseAnnouncedAddress(read: Reader): string | null {
  const value = read.raw('MEDIASOUP_ANNOUNCED_ADDRESS') ?? null;
  const problem = value === null ? null : announcedAddressProblem(value);
  if (problem) read.problems.push(problem);
  return value;
}

function parseIp(read: Reader, name: string, fallback: string): string {
  const value = read.raw(name)?.trim() || fallback;
  if (isIP(value) === 0) read.problems.push(`${name} must be an IP address (got "${value}")`);
  return value;
}

/** Comma-separated ICE server URLs with one of the given schemes, e.g. `turn:turn.example.org:3478`. */
function parseFollowUpDays(read: Reader): number[] {
  const value = read.raw('OUTCOME_FOLLOW_UP_DAYS');
  if (value === undefined) return [30, 90, 365];
  const days = value.split(',').map((day) => day.trim());
  if (days.some((day) => !/^[1-9][0-9]{0,3}$/.test(day)) || new Set(days).size !== days.length) {
    read.problems.push(
      'OUTCOME_FOLLOW_UP_DAYS must be distinct whole numbers of days from 1 to 9999, comma-separated (e.g. "30,90,365")',
    );
    return [30, 90, 365];
  }
  return days.map(Number).sort((a, b) => a - b);
}

function parseIceUrls(read: Reader, name: string, schemes: string[]): string[] {
  const urls = (read.raw(name) ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of urls) {
    if (!schemes.some((scheme) => url.startsWith(scheme)))
      read.problems.push(`${name}: "${url}" must start with ${schemes.join(' or ')}`);
  }
  return urls;
}

function parseOrigins(read: Reader): string[] {
  const value = read.raw('CORS_ORIGINS');
  if (value === undefined) return [];
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    try {
      const parsed = new URL(origin);
      if (parsed.origin !== origin) throw new Error('not an origin');
    } catch {
      read.problems.push(
        `CORS_ORIGINS must be a comma-separated list of origins like https://board.example.org (bad: "${origin}")`,
      );
    }
  }
  return origins;
}

function parseTrustProxy(read: Reader): boolean | number | string[] {
  const value = read.raw('TRUST_PROXY');
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  const bad = entries.filter((entry) => !named.includes(entry) && isIP(entry.split('/')[0]) === 0);
  if (bad.length > 0) {
    read.problems.push(
      `TRUST_PROXY must be true, false, a hop count, or addresses/subnets (bad: ${bad.join(', ')})`,
    );
  }
  return entries;
}
