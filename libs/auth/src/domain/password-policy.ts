import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export const PASSWORD_MIN_LENGTH = 12;
/** Upper bound keeps hashing cost bounded (argon2 input) and rejects pasted junk. */
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn score 0–4; 3 means "safely unguessable: moderate protection from offline attacks". */
export const PASSWORD_MIN_SCORE = 3;

const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

export interface PasswordAssessment {
  ok: boolean;
  problems: string[];
}

/**
 * NIST SP 800-63B style policy: length over composition rules, and a check
 * against common passwords, keyboard patterns and the user's own details
 * (email, name, institution), which zxcvbn weighs as guessable.
 */
export function assessPassword(password: string, personalWords: string[] = []): PasswordAssessment {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (length > PASSWORD_MAX_LENGTH)
    problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  if (password.trim() !== password) problems.push('must not start or end with white space');
  if (problems.length > 0) return { ok: false, problems };

  const words = personalWords
    .flatMap((word) => word.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((word) => word.length >= 3);
  const lowered = password.toLowerCase();
  if (words.some((word) => word.length >= 4 && lowered.includes(word))) {
    problems.push('must not contain your name, email or institution');
  }
  const result = estimator.check(password, words);
  if (result.score < PASSWORD_MIN_SCORE) {
    const hint = result.feedback.warning ? `: ${result.feedback.warning}` : '';
    problems.push(`is too easy to guess${hint}`);
  }
  return { ok: problems.length === 0, problems };
}
