import type { TreatmentIntent, TreatmentModality } from '@app/contracts';
import { LiveError } from '../../api/live';
import { asSentence, errorMessage } from '../../api/errors';
import type { Schemas } from '../../api/types';

/** Display words for votes and recommendations, written once. */

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const INTENT_LABELS: Record<TreatmentIntent, string> = {
  curative: 'Curative',
  palliative: 'Palliative',
};

export const MODALITY_LABELS: Record<TreatmentModality, string> = {
  surgery: 'Surgery',
  radiotherapy: 'Radiotherapy',
  systemic_therapy: 'Systemic therapy',
  active_surveillance: 'Active surveillance',
  best_supportive_care: 'Best supportive care',
  clinical_trial: 'Clinical trial',
};

/** "Option A", "Option B"…: how the room names an option aloud. */
export function optionName(index: number): string {
  return `Option ${String.fromCharCode(65 + index)}`;
}

/** An option by id, with its name, or null when the vote does not list it. */
export function findOption(
  options: readonly Schemas['VoteOptionView'][],
  optionId: string | null,
): { name: string; option: Schemas['VoteOptionView'] } | null {
  const index = options.findIndex((option) => option.id === optionId);
  const option = options[index];
  return option ? { name: optionName(index), option } : null;
}

/** "Option B: Neoadjuvant chemo-immunotherapy, then lobectomy", or "Abstain". */
export function choiceWords(
  options: readonly Schemas['VoteOptionView'][],
  optionId: string | null,
): string {
  if (optionId === null) return 'Abstain';
  const found = findOption(options, optionId);
  return found ? `${found.name}: ${found.option.text}` : 'An option no longer listed';
}

/** A share as a whole percentage ("58%"), or "—" when nobody voted for an option. */
export function percent(share: { votes: number; of: number }): string {
  return share.of === 0 ? '—' : `${Math.round((100 * share.votes) / share.of)}%`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

interface OutcomeWords {
  title: string;
  detail: string;
  tone: Tone;
}

/** A closed vote's outcome in the words the room reads it: what was decided, and how. */
export function outcomeWords(
  outcome: Schemas['VoteOutcomeView'],
  options: readonly Schemas['VoteOptionView'][],
  tally: Schemas['VoteTallyView'],
): OutcomeWords {
  switch (outcome.kind) {
    case 'no_quorum':
      return {
        title: 'No quorum: the vote decides nothing',
        detail: `${plural(tally.quorum.counted, 'ballot')} counted; the board requires ${tally.quorum.required}.`,
        tone: 'danger',
      };
    case 'consensus': {
      const found = findOption(options, outcome.optionId);
      const name = found?.name ?? 'an option';
      const votes = tally.options.find((entry) => entry.optionId === outcome.optionId);
      return outcome.decidedBy === 'casting_vote'
        ? {
            title: `Consensus on ${name} by the chair’s casting vote`,
            detail: `The leading options were tied; the chair’s ballot decided.${found ? ` ${found.option.text}` : ''}`,
            tone: 'success',
          }
        : {
            title: `Consensus on ${name}`,
            detail:
              `${votes ? `${votes.share.votes} of ${votes.share.of} votes for an option (${percent(votes.share)}).` : ''}${found ? ` ${found.option.text}` : ''}`.trim(),
            tone: 'success',
          };
    }
    case 'no_consensus':
      if (outcome.reason === 'tie') {
        const names = outcome.tiedOptionIds.map(
          (id) => findOption(options, id)?.name ?? 'an option',
        );
        return {
          title: `No consensus: tie between ${listWords(names)}`,
          detail:
            'No option reached the board’s threshold, and the leading options have as many votes.',
          tone: 'warning',
        };
      }
      if (outcome.reason === 'all_abstained')
        return {
          title: 'No consensus: every ballot abstained',
          detail: 'Nobody voted for an option.',
          tone: 'warning',
        };
      return {
        title: 'No consensus: below the threshold',
        detail: 'No option reached the share of the votes the board requires.',
        tone: 'warning',
      };
  }
}

/** "A", "A and B", "A, B and C". */
function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function thresholdWords(threshold: Schemas['VotingThreshold']): string {
  switch (threshold.kind) {
    case 'simple_majority':
      return 'more than half of the votes for an option';
    case 'two_thirds':
      return 'at least two thirds of the votes for an option';
    case 'unanimous':
      return 'every vote for an option';
    case 'custom':
      return `at least ${threshold.percent}% of the votes for an option`;
  }
}

export const CLOSE_REASON_WORDS: Record<NonNullable<Schemas['VoteView']['closeReason']>, string> = {
  chair: 'closed by the chair',
  all_voted: 'closed when every eligible member had voted',
  deadline: 'closed at its deadline',
};

export const DECIDED_BY_WORDS: Record<'vote' | 'casting_vote', string> = {
  vote: 'Decided by vote',
  casting_vote: 'Decided by the chair’s casting vote after a tie',
};

export const RECOMMENDATION_STATUS: Record<
  Schemas['RecommendationStatus'],
  { label: string; tone: Tone; explanation: string }
> = {
  draft: {
    label: 'Draft',
    tone: 'warning',
    explanation: 'Not signed yet: the chair signs it once the rationale is complete.',
  },
  signed: {
    label: 'Signed',
    tone: 'info',
    explanation: 'Signed by the chair; a coordinator publishes it.',
  },
  published: {
    label: 'Published',
    tone: 'success',
    explanation: 'The decision of record: the PDF report and the FHIR bundle are available.',
  },
};

/** A refused live command (or anything else that failed) in words a person can act on. */
export function liveProblem(error: unknown): string {
  if (!(error instanceof LiveError)) return asSentence(errorMessage(error));
  switch (error.code) {
    case 'not_joined':
      return 'Join the meeting first: only members in the room open a vote.';
    case 'not_live':
      return 'The meeting is not live: the chair starts it first.';
    case 'nothing_focused':
      return 'No case is in discussion: the chair focuses the case to vote on first.';
    case 'rate_limited':
      return 'Too many actions at once. Wait a moment and try again.';
    case 'session_ended':
      return 'Your session has ended. Sign in again.';
    case 'invalid_input':
      return `The server refused it as written: ${asSentence(error.message)}`;
    default:
      return asSentence(error.message);
  }
}

/** The first characters of a SHA-256, enough to compare by eye. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
