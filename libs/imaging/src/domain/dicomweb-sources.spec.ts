import { readImagingConfig, sourceVariablePrefix } from './dicomweb-sources';

const PACS = {
  DICOMWEB_SOURCES: 'pacs',
  DICOMWEB_PACS_NAME: 'Radiology PACS',
  DICOMWEB_PACS_URL: 'https://pacs.hospital.example/dicom-web/',
};

function problems(env: Record<string, string>): string[] {
  return readImagingConfig(env).problems;
}

describe('DICOMweb sources from the environment', () => {
  it('has no source and the default bounds when nothing is set', () => {
    expect(readImagingConfig({})).toEqual({
      config: {
        sources: [],
        defaultSourceId: null,
        maxRequests: 64,
        maxRequestsPerUser: 16,
        metadataLimitBytes: 33_554_432,
      },
      problems: [],
    });
  });

  it('reads a source without authentication, its URL without the trailing slash', () => {
    const { config, problems: found } = readImagingConfig(PACS);
    expect(found).toEqual([]);
    expect(config.sources).toEqual([
      {
        id: 'pacs',
        name: 'Radiology PACS',
        baseUrl: 'https://pacs.hospital.example/dicom-web',
        auth: { type: 'none' },
        connectTimeoutMs: 5_000,
        timeoutMs: 30_000,
      },
    ]);
    expect(config.defaultSourceId).toBe('pacs');
  });

  it('reads basic and bearer sources, timeouts, the default source and the bounds', () => {
    const { config, problems: found } = readImagingConfig({
      DICOMWEB_SOURCES: 'pacs, research-vna',
      DICOMWEB_DEFAULT_SOURCE: 'research-vna',
      DICOMWEB_PACS_NAME: 'Radiology PACS',
      DICOMWEB_PACS_URL: 'http://10.1.2.3:8042/dicom-web',
      DICOMWEB_PACS_AUTH: 'basic',
      DICOMWEB_PACS_USERNAME: 'tumorboard',
      DICOMWEB_PACS_PASSWORD: 's3cret:with:colons',
      DICOMWEB_PACS_CONNECT_TIMEOUT_MS: '2000',
      DICOMWEB_PACS_TIMEOUT_MS: '15000',
      DICOMWEB_RESEARCH_VNA_NAME: 'Research archive',
      DICOMWEB_RESEARCH_VNA_URL: 'https://vna.example/wado',
      DICOMWEB_RESEARCH_VNA_AUTH: 'bearer',
      DICOMWEB_RESEARCH_VNA_TOKEN: 'eyJhbGciOi.abc-def_123',
      DICOMWEB_MAX_REQUESTS: '100',
      DICOMWEB_MAX_REQUESTS_PER_USER: '10',
      DICOMWEB_METADATA_LIMIT_BYTES: '1048576',
    });
    expect(found).toEqual([]);
    expect(config.defaultSourceId).toBe('research-vna');
    expect(config.sources.map((source) => source.auth)).toEqual([
      { type: 'basic', username: 'tumorboard', password: 's3cret:with:colons' },
      { type: 'bearer', token: 'eyJhbGciOi.abc-def_123' },
    ]);
    expect(config.sources[0]).toMatchObject({ connectTimeoutMs: 2000, timeoutMs: 15000 });
    expect(config).toMatchObject({
      maxRequests: 100,
      maxRequestsPerUser: 10,
      metadataLimitBytes: 1_048_576,
    });
  });

  it('names variables after the source id', () => {
    expect(sourceVariablePrefix('pacs')).toBe('DICOMWEB_PACS_');
    expect(sourceVariablePrefix('research-vna-2')).toBe('DICOMWEB_RESEARCH_VNA_2_');
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a bad id',
      { DICOMWEB_SOURCES: 'Main PACS' },
      'DICOMWEB_SOURCES: "Main PACS" is not a source id',
    ],
    [
      'an id twice',
      { ...PACS, DICOMWEB_SOURCES: 'pacs,pacs' },
      'DICOMWEB_SOURCES names pacs more than once',
    ],
    [
      'a missing name',
      { DICOMWEB_SOURCES: 'pacs', DICOMWEB_PACS_URL: 'https://p.example' },
      'DICOMWEB_PACS_NAME is required',
    ],
    [
      'a missing URL',
      { DICOMWEB_SOURCES: 'pacs', DICOMWEB_PACS_NAME: 'P' },
      'DICOMWEB_PACS_URL is required',
    ],
    [
      'a URL of another scheme',
      { ...PACS, DICOMWEB_PACS_URL: 'ftp://pacs.example' },
      'DICOMWEB_PACS_URL must be an http:// or https:// URL',
    ],
    [
      'not a URL',
      { ...PACS, DICOMWEB_PACS_URL: 'pacs.example' },
      'DICOMWEB_PACS_URL must be an http:// or https:// URL',
    ],
    [
      'credentials in the URL',
      { ...PACS, DICOMWEB_PACS_URL: 'https://u:p@pacs.example' },
      'DICOMWEB_PACS_URL must not hold credentials',
    ],
    [
      'a query in the URL',
      { ...PACS, DICOMWEB_PACS_URL: 'https://pacs.example/?a=1' },
      'DICOMWEB_PACS_URL must not have a query or a fragment',
    ],
    [
      'an unknown auth',
      { ...PACS, DICOMWEB_PACS_AUTH: 'kerberos' },
      'DICOMWEB_PACS_AUTH must be one of none, basic, bearer',
    ],
    [
      'basic without a password',
      { ...PACS, DICOMWEB_PACS_AUTH: 'basic', DICOMWEB_PACS_USERNAME: 'u' },
      'DICOMWEB_PACS_AUTH=basic needs DICOMWEB_PACS_USERNAME and DICOMWEB_PACS_PASSWORD',
    ],
    [
      'a user name with a colon',
      {
        ...PACS,
        DICOMWEB_PACS_AUTH: 'basic',
        DICOMWEB_PACS_USERNAME: 'a:b',
        DICOMWEB_PACS_PASSWORD: 'p',
      },
      'DICOMWEB_PACS_USERNAME must not contain ":"',
    ],
    [
      'bearer without a token',
      { ...PACS, DICOMWEB_PACS_AUTH: 'bearer' },
      'DICOMWEB_PACS_AUTH=bearer needs DICOMWEB_PACS_TOKEN',
    ],
    [
      'a token with a space',
      { ...PACS, DICOMWEB_PACS_AUTH: 'bearer', DICOMWEB_PACS_TOKEN: 'a b' },
      'DICOMWEB_PACS_TOKEN must be printable characters without spaces',
    ],
    [
      'a password without basic',
      { ...PACS, DICOMWEB_PACS_PASSWORD: 'p' },
      'DICOMWEB_PACS_PASSWORD set but DICOMWEB_PACS_AUTH is none',
    ],
    [
      'a token with basic',
      {
        ...PACS,
        DICOMWEB_PACS_AUTH: 'basic',
        DICOMWEB_PACS_USERNAME: 'u',
        DICOMWEB_PACS_PASSWORD: 'p',
        DICOMWEB_PACS_TOKEN: 't',
      },
      'DICOMWEB_PACS_TOKEN set but DICOMWEB_PACS_AUTH is basic',
    ],
    [
      'a timeout out of range',
      { ...PACS, DICOMWEB_PACS_TIMEOUT_MS: '10' },
      'DICOMWEB_PACS_TIMEOUT_MS must be a whole number from 500 to 600000',
    ],
    [
      'an unknown default',
      { ...PACS, DICOMWEB_DEFAULT_SOURCE: 'vna' },
      'DICOMWEB_DEFAULT_SOURCE must be one of DICOMWEB_SOURCES (pacs), got "vna"',
    ],
    [
      'a per-user bound above the total',
      { DICOMWEB_MAX_REQUESTS: '4', DICOMWEB_MAX_REQUESTS_PER_USER: '8' },
      'DICOMWEB_MAX_REQUESTS_PER_USER must not exceed DICOMWEB_MAX_REQUESTS',
    ],
    [
      'a source setting without sources',
      { DICOMWEB_PACS_URL: 'https://pacs.example' },
      'DICOMWEB_PACS_URL is set but DICOMWEB_SOURCES lists no source',
    ],
    [
      'a misspelt variable',
      { ...PACS, DICOMWEB_PACS_PASWORD: 'p' },
      'DICOMWEB_PACS_PASWORD is not a setting of any source in DICOMWEB_SOURCES (pacs)',
    ],
  ])('refuses %s', (_case, env, problem) => {
    expect(problems(env).some((found) => found.startsWith(problem))).toBe(true);
  });

  it('never repeats a secret in a problem', () => {
    const found = problems({
      ...PACS,
      DICOMWEB_PACS_URL: 'https://user:Secret-1@pacs.example',
      DICOMWEB_PACS_TOKEN: 'Secret-2',
    });
    expect(found).toHaveLength(2);
    expect(found.join('\n')).not.toMatch(/Secret-/);
  });
});
