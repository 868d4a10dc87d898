/**
 * The DICOMweb sources (PACS, vendor-neutral archives) the server reads imaging from, read from
 * the environment at boot: one list of ids, then a few variables per source, named after its id,
 * so each credential is a variable of its own (as secret stores hand them out):
 *
 *   DICOMWEB_SOURCES=pacs,research
 *   DICOMWEB_PACS_NAME=Radiology PACS
 *   DICOMWEB_PACS_URL=https://pacs.hospital.example/dicom-web
 *   DICOMWEB_PACS_AUTH=basic            none | basic | bearer
 *   DICOMWEB_PACS_USERNAME=tumorboard   DICOMWEB_PACS_PASSWORD=…   (basic)
 *   DICOMWEB_PACS_TOKEN=…                                          (bearer)
 *   DICOMWEB_PACS_CONNECT_TIMEOUT_MS=5000  DICOMWEB_PACS_TIMEOUT_MS=30000
 *
 * Every problem is named at once, like the rest of the configuration.
 */
export type DicomWebAuth =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string };

export interface DicomWebSource {
  id: string;
  /** What users see. */
  name: string;
  /** The DICOMweb root (QIDO-RS and WADO-RS), without a trailing slash. */
  baseUrl: string;
  auth: DicomWebAuth;
  /** Time to open the connection to the PACS. */
  connectTimeoutMs: number;
  /** Longest silence from the PACS once connected: waiting for the answer, or between its bytes. */
  timeoutMs: number;
}

export interface ImagingConfig {
  sources: DicomWebSource[];
  /** The source of references entered by hand, and of searches naming none; null with no source. */
  defaultSourceId: string | null;
  /** Requests relayed to the sources at once, overall; more wait their turn. */
  maxRequests: number;
  /** Requests relayed at once for one user. */
  maxRequestsPerUser: number;
  /** The largest DICOM JSON answer (metadata, search) read to take the PACS's own URLs out. */
  metadataLimitBytes: number;
}

type Env = Record<string, string | undefined>;

const SOURCE_ID = /^[a-z][a-z0-9-]{0,30}$/;
const AUTH_TYPES = ['none', 'basic', 'bearer'] as const;
const SOURCE_KEYS = [
  'NAME',
  'URL',
  'AUTH',
  'USERNAME',
  'PASSWORD',
  'TOKEN',
  'CONNECT_TIMEOUT_MS',
  'TIMEOUT_MS',
] as const;
const GLOBAL_KEYS = [
  'DICOMWEB_SOURCES',
  'DICOMWEB_DEFAULT_SOURCE',
  'DICOMWEB_MAX_REQUESTS',
  'DICOMWEB_MAX_REQUESTS_PER_USER',
  'DICOMWEB_METADATA_LIMIT_BYTES',
];

/** The variable prefix of a source: `pacs-2` → `DICOMWEB_PACS_2_`. */
export function sourceVariablePrefix(id: string): string {
  return `DICOMWEB_${id.toUpperCase().replace(/-/g, '_')}_`;
}

/** The imaging configuration and every problem with it (empty when it is sound). */
export function readImagingConfig(env: Env): { config: ImagingConfig; problems: string[] } {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return Number(value);
  };

  const ids = (raw('DICOMWEB_SOURCES') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!SOURCE_ID.test(id))
      problems.push(
        `DICOMWEB_SOURCES: "${id}" is not a source id (lower-case letters, digits and hyphens, starting with a letter, at most 31)`,
      );
  }
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (duplicates.length > 0)
    problems.push(`DICOMWEB_SOURCES names ${[...new Set(duplicates)].join(', ')} more than once`);
  const validIds = [...new Set(ids.filter((id) => SOURCE_ID.test(id)))];
  const sources = validIds.map((id) => readSource(id, raw, integer, problems));

  const known = new Set([
    ...GLOBAL_KEYS,
    ...validIds.flatMap((id) => SOURCE_KEYS.map((key) => `${sourceVariablePrefix(id)}${key}`)),
  ]);
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('DICOMWEB_') || known.has(name) || raw(name) === undefined) continue;
    problems.push(
      validIds.length === 0
        ? `${name} is set but DICOMWEB_SOURCES lists no source`
        : `${name} is not a setting of any source in DICOMWEB_SOURCES (${validIds.join(', ')})`,
    );
  }

  let defaultSourceId = validIds[0] ?? null;
  const named = raw('DICOMWEB_DEFAULT_SOURCE');
  if (named !== undefined) {
    if (validIds.includes(named)) defaultSourceId = named;
    else
      problems.push(
        `DICOMWEB_DEFAULT_SOURCE must be one of DICOMWEB_SOURCES (${validIds.join(', ') || 'none'}), got "${named}"`,
      );
  }

  const maxRequests = integer('DICOMWEB_MAX_REQUESTS', 64, 1, 10_000);
  const maxRequestsPerUser = integer('DICOMWEB_MAX_REQUESTS_PER_USER', 16, 1, 10_000);
  if (maxRequestsPerUser > maxRequests)
    problems.push('DICOMWEB_MAX_REQUESTS_PER_USER must not exceed DICOMWEB_MAX_REQUESTS');
  return {
    config: {
      sources,
      defaultSourceId,
      maxRequests,
      maxRequestsPerUser,
      metadataLimitBytes: integer(
        'DICOMWEB_METADATA_LIMIT_BYTES',
        33_554_432,
        65_536,
        1_073_741_824,
      ),
    },
    problems,
  };
}

function readSource(
  id: string,
  raw: (name: string) => string | undefined,
  integer: (name: string, fallback: number, min: number, max: number) => number,
  problems: string[],
): DicomWebSource {
  const prefix = sourceVariablePrefix(id);
  const name = raw(`${prefix}NAME`);
  if (name === undefined) problems.push(`${prefix}NAME is required: the source's name users see`);
  else if (name.length > 100) problems.push(`${prefix}NAME must be at most 100 characters`);
  const baseUrl = readBaseUrl(`${prefix}URL`, raw(`${prefix}URL`), problems);
  const authType = raw(`${prefix}AUTH`) ?? 'none';
  let auth: DicomWebAuth = { type: 'none' };
  const username = raw(`${prefix}USERNAME`);
  const password = raw(`${prefix}PASSWORD`);
  const token = raw(`${prefix}TOKEN`);
  if (!(AUTH_TYPES as readonly string[]).includes(authType)) {
    problems.push(`${prefix}AUTH must be one of ${AUTH_TYPES.join(', ')} (got "${authType}")`);
  } else if (authType === 'basic') {
    if (username === undefined || password === undefined)
      problems.push(`${prefix}AUTH=basic needs ${prefix}USERNAME and ${prefix}PASSWORD`);
    else if (username.includes(':'))
      problems.push(`${prefix}USERNAME must not contain ":" (Basic authentication)`);
    else auth = { type: 'basic', username, password };
  } else if (authType === 'bearer') {
    if (token === undefined) problems.push(`${prefix}AUTH=bearer needs ${prefix}TOKEN`);
    else if (!/^[\x21-\x7e]+$/.test(token))
      problems.push(`${prefix}TOKEN must be printable characters without spaces`);
    else auth = { type: 'bearer', token };
  }
  const unused = [
    ...(authType !== 'basic' && username !== undefined ? [`${prefix}USERNAME`] : []),
    ...(authType !== 'basic' && password !== undefined ? [`${prefix}PASSWORD`] : []),
    ...(authType !== 'bearer' && token !== undefined ? [`${prefix}TOKEN`] : []),
  ];
  if (unused.length > 0 && (AUTH_TYPES as readonly string[]).includes(authType))
    problems.push(`${unused.join(' and ')} set but ${prefix}AUTH is ${authType}`);
  return {
    id,
    name: name ?? id,
    baseUrl,
    auth,
    connectTimeoutMs: integer(`${prefix}CONNECT_TIMEOUT_MS`, 5_000, 100, 60_000),
    timeoutMs: integer(`${prefix}TIMEOUT_MS`, 30_000, 500, 600_000),
  };
}

function readBaseUrl(variable: string, value: string | undefined, problems: string[]): string {
  if (value === undefined) {
    problems.push(
      `${variable} is required: the DICOMweb root, e.g. https://pacs.example/dicom-web`,
    );
    return '';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${variable} must be an http:// or https:// URL`);
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    problems.push(`${variable} must be an http:// or https:// URL`);
  else if (url.username || url.password)
    problems.push(
      `${variable} must not hold credentials: use the source's AUTH, USERNAME and PASSWORD or TOKEN`,
    );
  else if (url.search || url.hash) problems.push(`${variable} must not have a query or a fragment`);
  else return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return '';
}
