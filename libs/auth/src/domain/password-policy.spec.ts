import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, assessPassword } from './password-policy';

describe('assessPassword', () => {
  it.each([
    'Consensus-Panel-Review-2026!',
    'violet tapestry harbour lantern',
    'q7#Lx!9vRt$2mWz',
    'ünïcødé-pässwörd-mit-Länge',
  ])('accepts the strong password %j', (password) => {
    expect(assessPassword(password)).toEqual({ ok: true, problems: [] });
  });

  it.each([
    ['too short', 'Xy7!kq', 'at least'],
    ['common password padded to length', 'password1234', 'too easy'],
    ['keyboard walk', 'qwertyuiopasdf', 'too easy'],
    ['repeated character', 'aaaaaaaaaaaaaaaa', 'too easy'],
    ['sequence', 'abcdefghijklmnop', 'too easy'],
    ['leading white space', ' Consensus-Panel-Review-2026!', 'white space'],
    ['too long', 'x'.repeat(PASSWORD_MAX_LENGTH + 1), 'at most'],
  ])('rejects a password that is %s', (_why, password, problem) => {
    const result = assessPassword(password);
    expect(result.ok).toBe(false);
    expect(result.problems.join(' ')).toContain(problem);
  });

  it('counts characters, not UTF-16 code units, for the minimum', () => {
    expect([...'🦀'.repeat(PASSWORD_MIN_LENGTH - 1)].length).toBe(PASSWORD_MIN_LENGTH - 1);
    expect(assessPassword('🦀'.repeat(PASSWORD_MIN_LENGTH - 1)).problems.join(' ')).toContain(
      'at least',
    );
  });

  it('rejects passwords built from the person’s own details', () => {
    const words = [
      'morgan.medonc@stelsewhere.example',
      'Dr Morgan Medonc',
      'St Elsewhere Hospital',
    ];
    const result = assessPassword('Medonc-Stelsewhere-2026', words);
    expect(result.ok).toBe(false);
    expect(result.problems).toContain('must not contain your name, email or institution');
    expect(assessPassword('Medonc-Stelsewhere-2026').ok).toBe(true);
  });
});
