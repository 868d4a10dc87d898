import { UserStatus } from '@app/contracts';
import { AccountCandidate, SignInFacts, decideSignIn, identityFromClaims } from './sign-in';

const active: AccountCandidate = {
  userId: 'u1',
  status: UserStatus.Active,
  invitationPending: false,
};
const disabled: AccountCandidate = { ...active, status: UserStatus.Disabled };
const invited: AccountCandidate = {
  ...active,
  status: UserStatus.Invited,
  invitationPending: true,
};
const lapsed: AccountCandidate = { ...invited, invitationPending: false };
const byEmail = (account: AccountCandidate, linkedToProvider = false) => ({
  ...account,
  linkedToProvider,
});
const facts = (overrides: Partial<SignInFacts>): SignInFacts => ({
  linked: null,
  byEmail: null,
  emailVerified: true,
  justInTime: false,
  ...overrides,
});

describe('which account a provider identity signs in to', () => {
  it.each<[string, Partial<SignInFacts>, ReturnType<typeof decideSignIn>]>([
    ['a linked active account', { linked: active }, { kind: 'sign-in', userId: 'u1' }],
    [
      'a linked account even with the email unverified now',
      { linked: active, emailVerified: false },
      { kind: 'sign-in', userId: 'u1' },
    ],
    [
      'a linked disabled account',
      { linked: disabled },
      { kind: 'refuse', reason: 'account_disabled' },
    ],
    [
      'a linked account no longer active otherwise',
      { linked: { ...active, status: UserStatus.Invited } },
      { kind: 'refuse', reason: 'account_not_active' },
    ],
    [
      'an unlinked identity whose email is not verified',
      { byEmail: byEmail(active), emailVerified: false },
      { kind: 'refuse', reason: 'email_not_verified' },
    ],
    [
      'an unverified email even with just-in-time creation',
      { emailVerified: false, justInTime: true },
      { kind: 'refuse', reason: 'email_not_verified' },
    ],
    [
      'an active account with the verified email',
      { byEmail: byEmail(active) },
      { kind: 'link', userId: 'u1', activate: false },
    ],
    [
      'a pending invitation with the verified email',
      { byEmail: byEmail(invited) },
      { kind: 'link', userId: 'u1', activate: true },
    ],
    [
      'an expired invitation',
      { byEmail: byEmail(lapsed) },
      { kind: 'refuse', reason: 'invitation_expired' },
    ],
    [
      'a disabled account with the verified email',
      { byEmail: byEmail(disabled), justInTime: true },
      { kind: 'refuse', reason: 'account_disabled' },
    ],
    [
      'an account already linked to another identity of the provider',
      { byEmail: byEmail(active, true) },
      { kind: 'refuse', reason: 'linked_to_another_identity' },
    ],
    ['no account, no just-in-time creation', {}, { kind: 'refuse', reason: 'no_account' }],
    ['no account, just-in-time creation', { justInTime: true }, { kind: 'create' }],
  ])('%s', (_name, given, expected) => {
    expect(decideSignIn(facts(given))).toEqual(expected);
  });
});

describe('the identity in the provider claims', () => {
  const groups = { claim: 'groups', value: 'tb-admins' };

  it('reads the subject, a verified email, the name and the admin role', () => {
    expect(
      identityFromClaims(
        {
          sub: 'abc-123',
          email: 'ada@hospital.example',
          email_verified: true,
          name: '  Dr Ada Lovelace ',
          groups: ['staff', 'tb-admins'],
        },
        groups,
      ),
    ).toEqual({
      subject: 'abc-123',
      email: 'ada@hospital.example',
      emailVerified: true,
      displayName: 'Dr Ada Lovelace',
      admin: true,
    });
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ['email_verified false', { email: 'a@b.example', email_verified: false }, false],
    ['email_verified as a string', { email: 'a@b.example', email_verified: 'true' }, false],
    ['email_verified absent', { email: 'a@b.example' }, false],
    ['email_verified with no email', { email_verified: true }, false],
    ['an email that is no address', { email: 'not an email', email_verified: true }, false],
  ])('trusts no email with %s', (_name, claims, verified) => {
    expect(identityFromClaims({ sub: 's', ...claims }, null)?.emailVerified).toBe(verified);
  });

  it('builds a name from the given and family names, else none', () => {
    expect(
      identityFromClaims({ sub: 's', given_name: 'Ada', family_name: 'Lovelace' }, null)
        ?.displayName,
    ).toBe('Ada Lovelace');
    expect(identityFromClaims({ sub: 's', name: ' ' }, null)?.displayName).toBeNull();
  });

  it.each<[string, unknown, boolean]>([
    ['a list holding the value', ['a', 'tb-admins'], true],
    ['a list without it', ['tb-admins-old'], false],
    ['the value as a string', 'tb-admins', true],
    ['a space-separated list holding it', 'staff tb-admins', true],
    ['an absent claim', undefined, false],
    ['an object', { 'tb-admins': true }, false],
  ])('reads the role claim: %s', (_name, claim, admin) => {
    expect(identityFromClaims({ sub: 's', groups: claim }, groups)?.admin).toBe(admin);
  });

  it('leaves the role alone with no role claim configured', () => {
    expect(identityFromClaims({ sub: 's', groups: ['tb-admins'] }, null)?.admin).toBeNull();
  });

  it.each([undefined, '', 42, 'x'.repeat(256)])('refuses a subject of %p', (sub) => {
    expect(identityFromClaims({ sub }, null)).toBeNull();
  });
});
