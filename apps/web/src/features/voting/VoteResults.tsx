import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Disclosure, DisclosurePanel, Heading } from 'react-aria-components';
import type { ActorLike } from '@app/contracts';
import { asSentence, errorMessage, fieldProblem } from '../../api/errors';
import { Button } from '../../ui/Button';
import { FormError, SubmitForm, TextArea, TextInput } from '../../ui/fields';
import { ReasonForm, reasonRefusal } from '../../ui/ReasonDialog';
import { Loading } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { specialtyLabel } from '../../ui/words';
import { mayPropose, mayReferExternally } from './permissions';
import {
  useCaseRecommendationsQuery,
  useDraftRecommendation,
  useExternalOpinion,
  useMinorityOpinion,
  type VoteView,
} from './queries';
import {
  RecommendationFields,
  contentBody,
  showRefusal,
  useContentForm,
} from './RecommendationFields';
import { OutcomeBanner, SpecialtyTable, TallyBars } from './Tally';
import { RECOMMENDATION_STATUS, choiceWords, plural } from './words';

type Results = NonNullable<VoteView['results']>;

/**
 * A closed vote: the outcome in words, the votes per option and per specialty, how each member
 * voted, the minority opinions, and what comes next (the recommendation after a consensus, an
 * external opinion without one).
 */
export function VoteResults({
  vote,
  actor,
  meId,
  timezone,
}: {
  vote: VoteView;
  actor: ActorLike;
  meId: string;
  timezone: string;
}) {
  const results = vote.results;
  if (!results?.outcome) return <Loading label="Counting the ballots…" />;
  const consensus = results.outcome.kind === 'consensus';
  return (
    <div className="stack vote-results">
      <OutcomeBanner outcome={results.outcome} options={vote.options} tally={results.tally} />
      <TallyBars options={vote.options} tally={results.tally} outcome={results.outcome} />
      <SpecialtyTable options={vote.options} tally={results.tally} />
      {results.ballots.length > 0 ? (
        <Ballots vote={vote} results={results} timezone={timezone} />
      ) : null}
      {consensus || results.minorityOpinions.length > 0 ? (
        <MinorityOpinions vote={vote} results={results} meId={meId} timezone={timezone} />
      ) : null}
      {consensus ? (
        mayPropose(actor) ? (
          <DraftRecommendation vote={vote} />
        ) : null
      ) : (
        <NoConsensus vote={vote} actor={actor} timezone={timezone} />
      )}
    </div>
  );
}

function Ballots({
  vote,
  results,
  timezone,
}: {
  vote: VoteView;
  results: Results;
  timezone: string;
}) {
  return (
    <Disclosure>
      <Heading level={4} className="vote-disclosure">
        <Button slot="trigger" size="small" variant="quiet">
          How each member voted ({results.ballots.length})
        </Button>
      </Heading>
      <DisclosurePanel>
        <ul className="list-plain list-rows">
          {results.ballots.map((ballot) => (
            <li key={ballot.voterId}>
              <strong>{ballot.displayName}</strong>{' '}
              <span className="muted small">{specialtyLabel(ballot.specialty)}</span>
              <p className="ballot-line">{choiceWords(vote.options, ballot.optionId)}</p>
              {ballot.comment ? <p className="voting-text small">“{ballot.comment}”</p> : null}
              <p className="muted small">
                Cast {dateTimeInZone(ballot.castAt, timezone)}
                {ballot.changes > 0 ? ` · changed ${plural(ballot.changes, 'time')}` : ''}
              </p>
            </li>
          ))}
        </ul>
      </DisclosurePanel>
    </Disclosure>
  );
}

/** The dissents recorded, and the form for a member whose ballot went to another option. */
function MinorityOpinions({
  vote,
  results,
  meId,
  timezone,
}: {
  vote: VoteView;
  results: Results;
  meId: string;
  timezone: string;
}) {
  const record = useMinorityOpinion(vote.id);
  const outcome = results.outcome;
  const mine = vote.myBallot?.optionId ?? null;
  const dissented = outcome?.kind === 'consensus' && mine !== null && mine !== outcome.optionId;
  const recorded = results.minorityOpinions.some((opinion) => opinion.userId === meId);
  return (
    <section className="stack" aria-labelledby={`${vote.id}-minority`}>
      <h3 id={`${vote.id}-minority`}>Minority opinions</h3>
      {results.minorityOpinions.length === 0 ? (
        <p className="muted small">None recorded.</p>
      ) : (
        <ul className="list-plain list-rows">
          {results.minorityOpinions.map((opinion) => (
            <li key={opinion.userId}>
              <strong>{opinion.displayName}</strong>{' '}
              <span className="muted small">
                {specialtyLabel(opinion.specialty)} · {dateTimeInZone(opinion.recordedAt, timezone)}
              </span>
              <p className="voting-text">{opinion.text}</p>
            </li>
          ))}
        </ul>
      )}
      {dissented && !recorded ? (
        <ReasonForm
          aria-label="Record your minority opinion"
          label="Your minority opinion"
          description="You voted for another option: say why you dissent. A recommendation keeps the opinions recorded before it is drafted."
          minLength={1}
          maxLength={5000}
          lengthMessage="Write your opinion, in at most 5,000 characters."
          confirmLabel="Record minority opinion"
          isPending={record.isPending}
          {...reasonRefusal(record.error, 'text')}
          onSubmit={(text) => record.mutateAsync(text)}
        />
      ) : null}
    </section>
  );
}

/** After a consensus: drafting the recommendation from it, once. */
function DraftRecommendation({ vote }: { vote: VoteView }) {
  const recommendations = useCaseRecommendationsQuery(vote.caseId);
  const [drafting, setDrafting] = useState(false);
  if (recommendations.isPending) return null;
  const drafted = recommendations.data?.find((entry) => entry.voteId === vote.id);
  if (drafted)
    return (
      <p className="notice notice-success">
        The recommendation has been drafted from this vote (
        {RECOMMENDATION_STATUS[drafted.status].label.toLowerCase()}): it is completed, signed and
        published in the recommendation panel.
      </p>
    );
  return drafting ? (
    <DraftForm vote={vote} onCancel={() => setDrafting(false)} />
  ) : (
    <div>
      <Button variant="primary" onPress={() => setDrafting(true)}>
        Draft the recommendation
      </Button>
    </div>
  );
}

function DraftForm({ vote, onCancel }: { vote: VoteView; onCancel: () => void }) {
  const draft = useDraftRecommendation(vote.id, vote.caseId);
  const form = useContentForm();
  const [problem, setProblem] = useState<string | null>(null);
  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      await draft.mutateAsync(contentBody(values));
    } catch (error) {
      setProblem(showRefusal(form, error));
    }
  });
  return (
    <SubmitForm onSubmit={submit} aria-label="Draft the recommendation">
      <h3>Draft the recommendation</h3>
      <p className="muted small">
        The recommendation is the option the panel agreed on, with the tally and the minority
        opinions recorded so far; the shared notes are kept as they are now.
      </p>
      <RecommendationFields form={form} />
      <FormError message={problem} />
      <div className="dialog-actions">
        <Button onPress={onCancel} isDisabled={draft.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={draft.isPending}>
          Create the draft
        </Button>
      </div>
    </SubmitForm>
  );
}

/** Without consensus: what the room may do, and the chair's referral for an external opinion. */
function NoConsensus({
  vote,
  actor,
  timezone,
}: {
  vote: VoteView;
  actor: ActorLike;
  timezone: string;
}) {
  const referral = vote.externalReferral;
  if (referral)
    return (
      <p className="notice">
        <strong>Referred for an external opinion</strong> to {referral.institution} (
        {dateTimeInZone(referral.referredAt, timezone)}): {referral.reason}
      </p>
    );
  return (
    <div className="stack">
      <p className="muted small">
        The board may open a new round, defer the case, or refer it for an external opinion.
      </p>
      {mayReferExternally(actor) ? (
        <Disclosure>
          <Heading level={4} className="vote-disclosure">
            <Button slot="trigger" size="small">
              Refer for an external opinion
            </Button>
          </Heading>
          <DisclosurePanel>
            <ExternalOpinionForm voteId={vote.id} />
          </DisclosurePanel>
        </Disclosure>
      ) : null}
    </div>
  );
}

const REFERRAL_LIMITS = { institution: [2, 300], reason: [3, 2000] } as const;

function ExternalOpinionForm({ voteId }: { voteId: string }) {
  const refer = useExternalOpinion(voteId);
  const [problem, setProblem] = useState<string | null>(null);
  const { control, handleSubmit, setError } = useForm<{ institution: string; reason: string }>({
    defaultValues: { institution: '', reason: '' },
  });
  const within =
    ([min, max]: readonly [number, number], what: string) =>
    (value: string) => {
      const length = value.trim().length;
      return (
        (length >= min && length <= max) ||
        `${what} in ${min} to ${max.toLocaleString('en-GB')} characters.`
      );
    };
  const submit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      await refer.mutateAsync({
        institution: values.institution.trim(),
        reason: values.reason.trim(),
      });
    } catch (error) {
      const named = (['institution', 'reason'] as const).filter((field) => {
        const message = fieldProblem(error, field);
        if (message) setError(field, { type: 'server', message });
        return Boolean(message);
      });
      if (named.length === 0) setProblem(asSentence(errorMessage(error)));
    }
  });
  return (
    <SubmitForm onSubmit={submit} aria-label="Refer for an external opinion">
      <Controller
        control={control}
        name="institution"
        rules={{ validate: within(REFERRAL_LIMITS.institution, 'Name the institution') }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Institution"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            errorMessage={fieldState.error?.message}
            maxLength={REFERRAL_LIMITS.institution[1]}
            placeholder="Comprehensive Cancer Centre, thoracic board"
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="reason"
        rules={{ validate: within(REFERRAL_LIMITS.reason, 'Give the reason') }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Reason"
            rows={3}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={REFERRAL_LIMITS.reason[1]}
            isRequired
          />
        )}
      />
      <FormError message={problem} />
      <div>
        <Button type="submit" variant="primary" isPending={refer.isPending}>
          Refer the case
        </Button>
      </div>
    </SubmitForm>
  );
}
