/**
 * The OpenID Connect identity providers clinicians may sign in with, read from the environment at
 * boot: one list of ids, then a few variables per provider, named after its id, so each secret is
 * a variable of its own (as secret stores hand them out):
 *
 *   OIDC_PROVIDERS=hospital
 *   OIDC_HOSPITAL_NAME=Hospital account         what the button says: "Sign in with Hospital account"
 *   OIDC_HOSPITAL_ISSUER=https://login.hospital.example/realms/staff
 *   OIDC_HOSPITAL_CLIENT_ID=tumor-board
 *   OIDC_HOSPITAL_CLIENT_SECRET=…               unset: a public client (PKCE only)
 *   OIDC_HOSPITAL_SCOPES=openid email profile   the default; must hold openid
 *   OIDC_HOSPITAL_JIT=true                      create unknown users (off by default)
 *   OIDC_HOSPITAL_JIT_INSTITUTION=General Hospital   their institution (needed with JIT)
 *   OIDC_HOSPITAL_ADMIN_CLAIM=groups  OIDC_HOSPITAL_ADMIN_VALUE=tumor-board-admins
 *                                               the platform role from a claim, at every sign-in
 *
 * Every problem is named at once, like the rest of the configuration.
 */
export interface OidcProviderConfig {
  id: string;
  /** What users see on the sign-in button. */
  displayName: string;
  /** The issuer identifier: discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Null: a public client, authenticated by PKCE alone. */
  clientSecret: string | null;
  scopes: string[];
  /** Just-in-time creation of accounts the provider vouches for; null: off. */
  justInTime: { institution: string } | null;
  /** The platform role from a claim (admin when it holds the value, user otherwise); null: kept as set here. */
  adminRole: { claim: string; value: string } | null;
}

export interface SsoConfig {
  providers: OidcProviderConfig[];
}

type Env = Record<string, string | undefined>;

const PROVIDER_ID = /^[a-z][a-z0-9-]{0,30}$/;
const PROVIDER_KEYS = [
  'NAME',
  'ISSUER',
  'CLIENT_ID',
  'CLIENT_SECRET',
  'SCOPES',
  'JIT',
  'JIT_INSTITUTION',
  'ADMIN_CLAIM',
  'ADMIN_VALUE',
] as const;
const DEFAULT_SCOPES = ['openid', 'email', 'profile'];
/** A scope token (RFC 6749 §3.3): printable ASCII but space, `"` and `\`. */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/;
/** A top-level claim name: `groups`, `roles`, `https://example.org/roles`. */
const CLAIM_NAME = /^[\x21-\x7e]{1,200}$/;

/** The variable prefix of a provider: `st-mary` → `OIDC_ST_MARY_`. */
export function providerVariablePrefix(id: string): string {
  return `OIDC_${id.toUpperCase().replace(/-/g, '_')}_`;
}

/**
 * The identity providers and every problem with them (empty when sound). An issuer must be
 * https in production; plain http is accepted elsewhere (a provider on the developer's machine).
 */
export function readSsoConfig(
  env: Env,
  options: { production: boolean },
): { config: SsoConfig; problems: string[] } {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const ids = (raw('OIDC_PROVIDERS') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!PROVIDER_ID.test(id))
      problems.push(
        `OIDC_PROVIDERS: "${id}" is not a provider id (lower-case letters, digits and hyphens, starting with a letter, at most 31)`,
      );
  }
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (duplicates.length > 0)
    problems.push(`OIDC_PROVIDERS names ${[...new Set(duplicates)].join(', ')} more than once`);
  const validIds = [...new Set(ids.filter((id) => PROVIDER_ID.test(id)))];
  const providers = validIds.map((id) => readProvider(id, raw, options.production, problems));

  const known = new Set([
    'OIDC_PROVIDERS',
    ...validIds.flatMap((id) => PROVIDER_KEYS.map((key) => `${providerVariablePrefix(id)}${key}`)),
  ]);
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('OIDC_') || known.has(name) || raw(name) === undefined) continue;
    problems.push(
      validIds.length === 0
        ? `${name} is set but OIDC_PROVIDERS lists no provider`
        : `${name} is not a setting of any provider in OIDC_PROVIDERS (${validIds.join(', ')})`,
    );
  }
  return { config: { providers }, problems };
}

function readProvider(
  id: string,
  raw: (name: string) => string | undefined,
  production: boolean,
  problems: string[],
): OidcProviderConfig {
  const prefix = providerVariablePrefix(id);
  const displayName = raw(`${prefix}NAME`);
  if (displayName === undefined)
    problems.push(
      `${prefix}NAME is required: what the sign-in button names, e.g. "Hospital account"`,
    );
  else if (displayName.length > 60) problems.push(`${prefix}NAME must be at most 60 characters`);

  const clientId = raw(`${prefix}CLIENT_ID`);
  if (clientId === undefined)
    problems.push(`${prefix}CLIENT_ID is required: the client id registered at the provider`);
  else if (!/^[\x20-\x7e]{1,255}$/.test(clientId))
    problems.push(`${prefix}CLIENT_ID must be at most 255 printable characters`);

  const scopes = raw(`${prefix}SCOPES`)?.split(/\s+/) ?? DEFAULT_SCOPES;
  if (!scopes.includes('openid'))
    problems.push(`${prefix}SCOPES must include openid (got "${scopes.join(' ')}")`);
  const badScopes = scopes.filter((scope) => !SCOPE.test(scope));
  if (badScopes.length > 0)
    problems.push(`${prefix}SCOPES: ${badScopes.map((s) => `"${s}"`).join(', ')} is not a scope`);

  return {
    id,
    displayName: displayName ?? id,
    issuer: readIssuer(`${prefix}ISSUER`, raw(`${prefix}ISSUER`), production, problems),
    clientId: clientId ?? '',
    clientSecret: raw(`${prefix}CLIENT_SECRET`) ?? null,
    scopes: [...new Set(scopes)],
    justInTime: readJustInTime(prefix, raw, problems),
    adminRole: readAdminRole(prefix, raw, problems),
  };
}

function readIssuer(
  variable: string,
  value: string | undefined,
  production: boolean,
  problems: string[],
): string {
  if (value === undefined) {
    problems.push(
      `${variable} is required: the provider's issuer, e.g. https://login.hospital.example/realms/staff`,
    );
    return '';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${variable} must be a URL (got "${value}")`);
    return '';
  }
  const protocols = production ? ['https:'] : ['https:', 'http:'];
  if (!protocols.includes(url.protocol)) {
    problems.push(
      production
        ? `${variable} must be an https:// URL when NODE_ENV=production`
        : `${variable} must be an https:// or http:// URL`,
    );
  } else if (url.search || url.hash || url.username || url.password) {
    problems.push(`${variable} must be the bare issuer URL: no query, fragment or credentials`);
  }
  return value;
}

function readJustInTime(
  prefix: string,
  raw: (name: string) => string | undefined,
  problems: string[],
): OidcProviderConfig['justInTime'] {
  const value = raw(`${prefix}JIT`)?.toLowerCase();
  const institution = raw(`${prefix}JIT_INSTITUTION`);
  let enabled = false;
  if (value !== undefined) {
    if (['true', '1', 'yes', 'on'].includes(value)) enabled = true;
    else if (!['false', '0', 'no', 'off'].includes(value))
      problems.push(`${prefix}JIT must be true or false (got "${value}")`);
  }
  if (!enabled) {
    if (institution !== undefined)
      problems.push(`${prefix}JIT_INSTITUTION is set but ${prefix}JIT is not true`);
    return null;
  }
  if (institution === undefined) {
    problems.push(
      `${prefix}JIT=true needs ${prefix}JIT_INSTITUTION: the institution of the accounts it creates`,
    );
    return null;
  }
  if (institution.length > 200) {
    problems.push(`${prefix}JIT_INSTITUTION must be at most 200 characters`);
    return null;
  }
  return { institution };
}

function readAdminRole(
  prefix: string,
  raw: (name: string) => string | undefined,
  problems: string[],
): OidcProviderConfig['adminRole'] {
  const claim = raw(`${prefix}ADMIN_CLAIM`);
  const value = raw(`${prefix}ADMIN_VALUE`);
  if (claim === undefined && value === undefined) return null;
  if (claim === undefined || value === undefined) {
    problems.push(`${prefix}ADMIN_CLAIM and ${prefix}ADMIN_VALUE go together: set both or neither`);
    return null;
  }
  if (!CLAIM_NAME.test(claim)) {
    problems.push(`${prefix}ADMIN_CLAIM must be a claim name without spaces (got "${claim}")`);
    return null;
  }
  if (value.length > 200) {
    problems.push(`${prefix}ADMIN_VALUE must be at most 200 characters`);
    return null;
  }
  return { claim, value };
}
