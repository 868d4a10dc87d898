import { providerVariablePrefix, readSsoConfig } from './oidc-providers';

const HOSPITAL = {
  OIDC_PROVIDERS: 'hospital',
  OIDC_HOSPITAL_NAME: 'Hospital account',
  OIDC_HOSPITAL_ISSUER: 'https://login.hospital.example/realms/staff',
  OIDC_HOSPITAL_CLIENT_ID: 'tumor-board',
  OIDC_HOSPITAL_CLIENT_SECRET: 's3cret',
};

function problems(env: Record<string, string>, production = false): string[] {
  return readSsoConfig(env, { production }).problems;
}

describe('identity providers from the environment', () => {
  it('has no provider when nothing is set', () => {
    expect(readSsoConfig({}, { production: true })).toEqual({
      config: { providers: [] },
      problems: [],
    });
  });

  it('reads a confidential client with the default scopes, no just-in-time creation and no role claim', () => {
    const { config, problems: found } = readSsoConfig(HOSPITAL, { production: true });
    expect(found).toEqual([]);
    expect(config.providers).toEqual([
      {
        id: 'hospital',
        displayName: 'Hospital account',
        issuer: 'https://login.hospital.example/realms/staff',
        clientId: 'tumor-board',
        clientSecret: 's3cret',
        scopes: ['openid', 'email', 'profile'],
        justInTime: null,
        adminRole: null,
      },
    ]);
  });

  it('reads several providers, a public client, scopes, just-in-time creation and the role claim', () => {
    const { config, problems: found } = readSsoConfig(
      {
        ...HOSPITAL,
        OIDC_PROVIDERS: 'hospital, st-mary',
        OIDC_HOSPITAL_SCOPES: 'openid  email profile groups email',
        OIDC_HOSPITAL_JIT: 'true',
        OIDC_HOSPITAL_JIT_INSTITUTION: 'General Hospital',
        OIDC_HOSPITAL_ADMIN_CLAIM: 'groups',
        OIDC_HOSPITAL_ADMIN_VALUE: 'tumor-board-admins',
        OIDC_ST_MARY_NAME: "St Mary's",
        OIDC_ST_MARY_ISSUER: 'http://localhost:8080',
        OIDC_ST_MARY_CLIENT_ID: 'board',
        OIDC_ST_MARY_JIT: 'off',
      },
      { production: false },
    );
    expect(found).toEqual([]);
    expect(config.providers.map((p) => p.id)).toEqual(['hospital', 'st-mary']);
    expect(config.providers[0]).toMatchObject({
      scopes: ['openid', 'email', 'profile', 'groups'],
      justInTime: { institution: 'General Hospital' },
      adminRole: { claim: 'groups', value: 'tumor-board-admins' },
    });
    expect(config.providers[1]).toMatchObject({
      displayName: "St Mary's",
      issuer: 'http://localhost:8080',
      clientSecret: null,
      justInTime: null,
    });
  });

  it('names the variables of a provider after its id', () => {
    expect(providerVariablePrefix('st-mary-2')).toBe('OIDC_ST_MARY_2_');
  });

  it.each<[string, Record<string, string>, string, boolean?]>([
    ['a bad id', { OIDC_PROVIDERS: 'Hospital' }, 'OIDC_PROVIDERS: "Hospital" is not a provider id'],
    ['an id twice', { ...HOSPITAL, OIDC_PROVIDERS: 'hospital,hospital' }, 'more than once'],
    ['no name', { ...HOSPITAL, OIDC_HOSPITAL_NAME: '' }, 'OIDC_HOSPITAL_NAME is required'],
    ['a long name', { ...HOSPITAL, OIDC_HOSPITAL_NAME: 'x'.repeat(61) }, 'at most 60'],
    ['no issuer', { ...HOSPITAL, OIDC_HOSPITAL_ISSUER: '' }, 'OIDC_HOSPITAL_ISSUER is required'],
    ['an issuer that is no URL', { ...HOSPITAL, OIDC_HOSPITAL_ISSUER: 'login' }, 'must be a URL'],
    [
      'an http issuer in production',
      { ...HOSPITAL, OIDC_HOSPITAL_ISSUER: 'http://login.hospital.example' },
      'must be an https:// URL when NODE_ENV=production',
      true,
    ],
    [
      'another scheme',
      { ...HOSPITAL, OIDC_HOSPITAL_ISSUER: 'ftp://login.hospital.example' },
      'must be an https:// or http:// URL',
    ],
    [
      'an issuer with a query',
      { ...HOSPITAL, OIDC_HOSPITAL_ISSUER: 'https://login.hospital.example/?tenant=1' },
      'bare issuer URL',
    ],
    ['no client id', { ...HOSPITAL, OIDC_HOSPITAL_CLIENT_ID: '' }, 'CLIENT_ID is required'],
    [
      'scopes without openid',
      { ...HOSPITAL, OIDC_HOSPITAL_SCOPES: 'email profile' },
      'OIDC_HOSPITAL_SCOPES must include openid',
    ],
    [
      'a bad scope',
      { ...HOSPITAL, OIDC_HOSPITAL_SCOPES: 'openid back\\slash' },
      'OIDC_HOSPITAL_SCOPES: "back\\slash" is not a scope',
    ],
    ['a bad JIT flag', { ...HOSPITAL, OIDC_HOSPITAL_JIT: 'sometimes' }, 'must be true or false'],
    [
      'JIT without institution',
      { ...HOSPITAL, OIDC_HOSPITAL_JIT: 'true' },
      'needs OIDC_HOSPITAL_JIT_INSTITUTION',
    ],
    [
      'an institution without JIT',
      { ...HOSPITAL, OIDC_HOSPITAL_JIT_INSTITUTION: 'General' },
      'OIDC_HOSPITAL_JIT_INSTITUTION is set but OIDC_HOSPITAL_JIT is not true',
    ],
    [
      'a role claim without its value',
      { ...HOSPITAL, OIDC_HOSPITAL_ADMIN_CLAIM: 'groups' },
      'go together',
    ],
    [
      'a claim name with a space',
      { ...HOSPITAL, OIDC_HOSPITAL_ADMIN_CLAIM: 'my groups', OIDC_HOSPITAL_ADMIN_VALUE: 'a' },
      'must be a claim name without spaces',
    ],
    [
      'a variable of no provider',
      { ...HOSPITAL, OIDC_CLINIC_ISSUER: 'https://x.example' },
      'OIDC_CLINIC_ISSUER is not a setting of any provider in OIDC_PROVIDERS (hospital)',
    ],
    [
      'a variable with no provider listed',
      { OIDC_HOSPITAL_ISSUER: 'https://x.example' },
      'OIDC_HOSPITAL_ISSUER is set but OIDC_PROVIDERS lists no provider',
    ],
  ])('refuses %s', (_name, env, expected, production = false) => {
    expect(problems(env, production).join('\n')).toContain(expected);
  });

  it('names every problem at once', () => {
    expect(problems({ OIDC_PROVIDERS: 'hospital', OIDC_HOSPITAL_JIT: 'true' }, true)).toHaveLength(
      4,
    );
  });
});
