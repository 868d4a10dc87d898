import {
  MAX_ENDPOINT_URL_LENGTH,
  checkEndpointUrl,
  isWebhookEventName,
  redactEndpointUrl,
} from './endpoint-url';

describe('checkEndpointUrl', () => {
  it.each<[string, boolean, string]>([
    [
      'https://ehr.hospital.example/hooks/tumor-board',
      true,
      'https://ehr.hospital.example/hooks/tumor-board',
    ],
    [
      'https://ehr.hospital.example/hooks?board=7',
      true,
      'https://ehr.hospital.example/hooks?board=7',
    ],
    ['https://EHR.Hospital.Example:8443/a', true, 'https://ehr.hospital.example:8443/a'],
    ['  https://ehr.hospital.example  ', true, 'https://ehr.hospital.example/'],
    ['http://127.0.0.1:8080/receive', false, 'http://127.0.0.1:8080/receive'],
    ['http://integration.internal/hl7', false, 'http://integration.internal/hl7'],
    ['https://[::1]:9000/x', true, 'https://[::1]:9000/x'],
  ])('accepts %p (requireHttps %p)', (raw, requireHttps, normalised) => {
    expect(checkEndpointUrl(raw, { requireHttps })).toEqual({ ok: true, url: normalised });
  });

  it.each<[string, boolean, RegExp]>([
    ['', false, /empty/],
    ['   ', false, /empty/],
    ['not a url', false, /absolute URL/],
    ['/relative/path', false, /absolute URL/],
    ['ftp://files.hospital.example/x', false, /only http and https/],
    ['file:///etc/passwd', false, /only http and https/],
    ['javascript:alert(1)', false, /only http and https/],
    ['ws://hospital.example/socket', false, /only http and https/],
    ['http://ehr.hospital.example/hook', true, /must use https/],
    ['https://user:pass@ehr.hospital.example/hook', false, /user name or password/],
    ['https://user@ehr.hospital.example/hook', false, /user name or password/],
    ['https://:pass@ehr.hospital.example/hook', false, /user name or password/],
    ['https://ehr.hospital.example/hook#frag', false, /fragment/],
    ['https://ehr.hospital.example/hook#', false, /fragment/],
    [`https://ehr.hospital.example/${'a'.repeat(MAX_ENDPOINT_URL_LENGTH)}`, false, /longer than/],
  ])('refuses %p (requireHttps %p)', (raw, requireHttps, problem) => {
    const result = checkEndpointUrl(raw, { requireHttps });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });
});

describe('redactEndpointUrl', () => {
  it.each([
    ['https://ehr.hospital.example/hooks?token=abc', 'https://ehr.hospital.example/hooks?…'],
    ['https://ehr.hospital.example/hooks', 'https://ehr.hospital.example/hooks'],
    ['http://127.0.0.1:9/', 'http://127.0.0.1:9/'],
    ['nonsense', '[invalid url]'],
  ])('%p → %p', (url, expected) => {
    expect(redactEndpointUrl(url)).toBe(expected);
  });
});

describe('isWebhookEventName', () => {
  it.each([
    ['recommendation.published', true],
    ['recommendation.amended', true],
    ['case.status_changed', true],
    ['a.b.c', true],
    ['recommendation', false],
    ['Recommendation.Published', false],
    ['recommendation.', false],
    ['.published', false],
    ['recommendation published', false],
    ['recommendation.1published', false],
    ['', false],
    [`a.${'b'.repeat(100)}`, false],
  ])('%p → %p', (name, expected) => {
    expect(isWebhookEventName(name)).toBe(expected);
  });
});
