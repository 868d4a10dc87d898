import { ApiError, asSentence, errorMessage } from '../../api/errors';

/** Someone a coordinator proposed as reviewer or arbiter. */
export interface Candidate {
  userId: string;
  displayName: string;
  institution: string;
}

/**
 * Why the server refused a reviewer or an arbiter, in plain words naming each person: the
 * server names them by id ("<id>: same_institution", "<id> cannot review"), which the
 * coordinator cannot read. Problems about no one in particular are said as the server put them.
 */
export function candidateRefusal(
  error: unknown,
  candidates: readonly Candidate[],
  firstOpinionInstitution: string | undefined,
): string[] {
  if (!(error instanceof ApiError)) return [errorMessage(error)];
  const named = error.details.flatMap((detail) => {
    const person = candidates.find((candidate) => detail.message.includes(candidate.userId));
    if (!person) return [];
    return [explain(person, detail.message, firstOpinionInstitution)];
  });
  if (named.length > 0) return named;
  if (error.details.length > 0) return error.details.map((detail) => asSentence(detail.message));
  return [asSentence(error.message)];
}

/** What each of the server's exclusion reasons means, said of the person. */
const REASONS: Record<string, (person: Candidate, firstInstitution: string | undefined) => string> =
  {
    same_institution: (person, firstInstitution) => {
      const same =
        !firstInstitution ||
        firstInstitution.trim().toLowerCase() === person.institution.trim().toLowerCase();
      return `${person.displayName} works at ${person.institution}, the first opinion’s institution${
        same ? '' : ` (${firstInstitution})`
      }: an independent review cannot come from there.`;
    },
    already_reviewing: (person) =>
      `${person.displayName} already reviews this request: the arbiter must be someone else.`,
    sees_both_opinions: (person) =>
      `${person.displayName} coordinates this board and already sees both opinions: the arbiter must come to them blind.`,
    conflict_declared: (person) =>
      `${person.displayName} has declared a conflict of interest with this request.`,
    no_attestation: (person) =>
      `${person.displayName} has not yet attested to having no conflict of interest.`,
  };

/**
 * One refusal about `person`: "<id>: same_institution, already_reviewing" (the independence
 * screen's reasons), "<id> cannot review" or "<id> cannot arbitrate" (not a member who may).
 */
function explain(person: Candidate, message: string, firstInstitution: string | undefined): string {
  const said = message
    .slice(message.indexOf(person.userId) + person.userId.length)
    .replace(/^:\s*/, '')
    .split(/,\s*/)
    .map((reason) => REASONS[reason.trim()]?.(person, firstInstitution));
  if (said.every((text) => text !== undefined)) return said.join(' ');
  const role = /arbitrate/.test(message) ? 'arbitrate' : 'review';
  if (/cannot (review|arbitrate)/.test(message))
    return `${person.displayName} cannot ${role}: only members of the board who are not observers can.`;
  return asSentence(message.replace(person.userId, person.displayName));
}
