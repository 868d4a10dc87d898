import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { FieldError, Label, Radio, RadioGroup } from 'react-aria-components';
import type { BallotReceiptView } from '@app/contracts';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SubmitForm, TextArea } from '../../ui/fields';
import { useCastBallot, useCloseVote, type VoteLink } from './liveVotes';
import { ProposalFacts } from './Proposal';
import type { VoteView } from './queries';
import { SpecialtyTable, TallyBars } from './Tally';
import { choiceWords, liveProblem, optionName, plural } from './words';

const COMMENT_MAX = 2000;

/**
 * An open vote: how many ballots are in, the caller's blind ballot (cast, then changeable until
 * the vote closes), and, for whoever runs the meeting, closing it.
 */
export function OpenVote({
  vote,
  live,
  meId,
  canClose,
}: {
  vote: VoteView;
  live: VoteLink;
  meId: string;
  canClose: boolean;
}) {
  const eligible = vote.eligible.some((voter) => voter.userId === meId);
  const [changing, setChanging] = useState(false);
  const [receipt, setReceipt] = useState<BallotReceiptView | null>(null);
  const [closing, setClosing] = useState(false);

  return (
    <div className="stack">
      <BallotCount received={vote.ballotsReceived} eligible={vote.eligible.length} />
      {vote.results ? (
        <>
          <p className="notice notice-warning">
            This board’s votes are not blind: the running tally is shown to everyone.
          </p>
          <TallyBars options={vote.options} tally={vote.results.tally} outcome={null} />
          <SpecialtyTable options={vote.options} tally={vote.results.tally} />
        </>
      ) : (
        <p className="muted small">
          Blind vote: nobody, the chair included, sees how anyone voted until it closes.
        </p>
      )}
      {!eligible ? (
        <p className="notice">
          You are not voting on this case: the vote is for the voting members present when it
          opened, without a declared conflict of interest.
        </p>
      ) : vote.myBallot && !changing ? (
        <div className="stack my-ballot">
          <Receipt receipt={receipt} />
          <p className="my-ballot-choice">
            <span className="my-ballot-label">Your vote:</span>{' '}
            <strong>{choiceWords(vote.options, vote.myBallot.optionId)}</strong>
          </p>
          {vote.myBallot.comment ? (
            <p className="muted small voting-text">Your comment: {vote.myBallot.comment}</p>
          ) : null}
          <div className="row">
            <Button
              onPress={() => {
                setReceipt(null);
                setChanging(true);
              }}
            >
              Change vote
            </Button>
            {vote.blind ? (
              <span className="muted small">Only you see your vote until it closes.</span>
            ) : null}
          </div>
        </div>
      ) : (
        <BallotForm
          vote={vote}
          live={live}
          onCast={(cast) => {
            setReceipt(cast);
            setChanging(false);
          }}
          onKeep={changing ? () => setChanging(false) : undefined}
        />
      )}
      {canClose ? (
        <div>
          <Button variant="danger" onPress={() => setClosing(true)}>
            Close vote…
          </Button>
        </div>
      ) : null}
      {closing ? (
        <CloseVoteDialog vote={vote} live={live} onClose={() => setClosing(false)} />
      ) : null}
    </div>
  );
}

/** "12 of 15 ballots received", large, with a bar; read out as it changes. */
function BallotCount({ received, eligible }: { received: number; eligible: number }) {
  return (
    <div className="ballot-count">
      <p className="ballot-count-words" aria-live="polite">
        <span className="ballot-count-number">
          {received} of {eligible}
        </span>{' '}
        ballots received
      </p>
      <div className="meter-track" aria-hidden="true">
        <div
          className="meter-fill"
          style={{ width: `${eligible === 0 ? 0 : (100 * received) / eligible}%` }}
        />
      </div>
    </div>
  );
}

function Receipt({ receipt }: { receipt: BallotReceiptView | null }) {
  if (!receipt) return null;
  const words = receipt.closed
    ? 'Your ballot was received; it was the last one, and the vote has closed.'
    : receipt.duplicate
      ? 'Your ballot had already been recorded.'
      : `Your ballot was received: ${receipt.ballotsReceived} of ${receipt.eligibleCount} ballots are in.`;
  return (
    <p className="notice notice-success vote-receipt" role="status">
      ✓ {words}
    </p>
  );
}

/**
 * The id each ballot is submitted under. The server records a submission id once: sending the
 * same ballot again after a failure (a lost answer) reuses its id, so it is never counted
 * twice; a different ballot, or a change after one was received, gets a new id.
 */
class Submissions {
  private pending: { ballot: string; id: string } | null = null;

  idFor(ballot: string): string {
    if (this.pending?.ballot !== ballot) this.pending = { ballot, id: crypto.randomUUID() };
    return this.pending.id;
  }

  received(): void {
    this.pending = null;
  }
}

interface BallotValues {
  /** An option id, "abstain", or '' before choosing. */
  choice: string;
  comment: string;
}

/** The ballot: an option or abstain, and an optional comment. */
function BallotForm({
  vote,
  live,
  onCast,
  onKeep,
}: {
  vote: VoteView;
  live: VoteLink;
  onCast: (receipt: BallotReceiptView) => void;
  /** Changing a ballot already cast: keep it as it was. */
  onKeep?: () => void;
}) {
  const cast = useCastBallot(live);
  const [submissions] = useState(() => new Submissions());
  const [problem, setProblem] = useState<string | null>(null);
  const mine = vote.myBallot;
  const { control, handleSubmit } = useForm<BallotValues>({
    defaultValues: {
      choice: mine ? (mine.optionId ?? 'abstain') : '',
      comment: mine?.comment ?? '',
    },
  });

  const submit = handleSubmit(async ({ choice, comment }) => {
    const text = comment.trim();
    setProblem(null);
    try {
      const receipt = await cast.mutateAsync({
        voteId: vote.id,
        choice,
        submissionId: submissions.idFor(JSON.stringify([choice, text])),
        ...(text ? { comment: text } : {}),
      });
      submissions.received();
      onCast(receipt);
    } catch (error) {
      setProblem(liveProblem(error));
    }
  });

  return (
    <SubmitForm onSubmit={submit} aria-label="Your ballot">
      <Controller
        control={control}
        name="choice"
        rules={{ validate: (value) => value !== '' || 'Choose an option, or abstain.' }}
        render={({ field, fieldState }) => (
          <RadioGroup
            className="ballot-choices"
            value={field.value || null}
            onChange={field.onChange}
            isInvalid={Boolean(fieldState.error)}
            validationBehavior="aria"
            isRequired
          >
            <Label className="ballot-label">Your vote</Label>
            {vote.options.map((option, index) => (
              <Radio key={option.id} value={option.id} className="ballot-choice">
                <span className="ballot-choice-name">{optionName(index)}</span>
                <span className="ballot-choice-text">{option.text}</span>
                <ProposalFacts proposal={option} />
              </Radio>
            ))}
            <Radio value="abstain" className="ballot-choice ballot-abstain">
              <span className="ballot-choice-name">Abstain</span>
              <span className="ballot-choice-text">Counted for turnout, not for any option.</span>
            </Radio>
            <FieldError className="field-error">{fieldState.error?.message}</FieldError>
          </RadioGroup>
        )}
      />
      <Controller
        control={control}
        name="comment"
        rules={{
          validate: (value) =>
            value.trim().length <= COMMENT_MAX ||
            `Keep the comment to ${COMMENT_MAX.toLocaleString('en-GB')} characters.`,
        }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Comment (optional)"
            rows={2}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={COMMENT_MAX}
            description="Shown with your ballot once the vote closes."
          />
        )}
      />
      <FormError message={problem} />
      <div className="row">
        <Button type="submit" variant="primary" isPending={cast.isPending}>
          Cast vote
        </Button>
        {onKeep ? (
          <Button onPress={onKeep} isDisabled={cast.isPending}>
            Keep my vote
          </Button>
        ) : null}
      </div>
    </SubmitForm>
  );
}

function CloseVoteDialog({
  vote,
  live,
  onClose,
}: {
  vote: VoteView;
  live: VoteLink;
  onClose: () => void;
}) {
  const close = useCloseVote(live);
  const [problem, setProblem] = useState<string | null>(null);
  const missing = vote.eligible.length - vote.ballotsReceived;
  return (
    <Dialog
      title="Close the vote?"
      isOpen
      onOpenChange={(open) => {
        if (!open && !close.isPending) onClose();
      }}
    >
      <div className="stack">
        <p>
          {vote.ballotsReceived} of {vote.eligible.length} ballots received.{' '}
          {missing > 0
            ? `${plural(missing, 'member has', 'members have')} not voted and cannot once it is closed.`
            : 'Everyone has voted.'}{' '}
          The outcome is counted from the ballots received.
        </p>
        <FormError message={problem} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={close.isPending}>
            Keep it open
          </Button>
          <Button
            variant="danger"
            isPending={close.isPending}
            onPress={async () => {
              setProblem(null);
              try {
                await close.mutateAsync(vote.id);
                onClose();
              } catch (error) {
                setProblem(liveProblem(error));
              }
            }}
          >
            Close vote
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
