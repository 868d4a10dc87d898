import { useState } from 'react';
import type { BoardMemberView, Schemas } from '../../api/types';
import { Button } from '../../ui/Button';
import { SelectField, SubmitForm, TextArea } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { specialtyLabel } from '../../ui/words';
import {
  useArbitrationQuery,
  useRequestArbitration,
  useReviewersQuery,
  useVersionsQuery,
  type ArbitrationView,
  type SecondOpinionView,
} from './queries';
import { candidateRefusal } from './refusals';
import { CONCORDANCE_LABELS } from './words';

const OUTCOME_LABELS: Record<Schemas['ArbitrationOutcome'], string> = {
  second_opinion_upheld: 'The second opinion is upheld',
  first_opinion_upheld: 'The first opinion is upheld',
  neither_upheld: 'Neither is upheld: the arbiter’s own assessment is to be followed',
};

/** Concordance classes that put the opinion in dispute. */
const DISPUTED: readonly string[] = ['diagnosis_changed', 'treatment_changed'];

const REASON_LIMIT = 2000;

/**
 * A third opinion when two disagree: when the delivered opinion changed the diagnosis or the
 * treatment, a coordinator asks one more independent reviewer (the arbiter, blind to both
 * earlier opinions until their own assessment is in) to settle it; its outcome is issued as the
 * written opinion's next version.
 */
export function Arbitration({
  request,
  members,
  timezone,
  readOnly,
}: {
  request: SecondOpinionView;
  members: readonly BoardMemberView[];
  timezone: string;
  readOnly: boolean;
}) {
  const versions = useVersionsQuery(request.id, true);
  const latest = versions.data?.at(-1);
  const disputed = latest ? DISPUTED.includes(latest.content.concordance.classification) : false;
  const arbitration = useArbitrationQuery(request.id, disputed);
  if (!latest || !disputed) return null;
  const concordance = CONCORDANCE_LABELS[latest.content.concordance.classification];
  const form = readOnly ? (
    <p className="muted">Consent has been withdrawn: no arbitration can be asked for.</p>
  ) : (
    <ArbitrationForm request={request} members={members} />
  );
  return (
    <Card title="Arbitration">
      <QueryView query={arbitration} loadingLabel="Loading the arbitration…">
        {(view) =>
          view ? (
            <div className="stack">
              <ArbitrationProgress arbitration={view} timezone={timezone} />
              {view.attestation === 'conflict_declared' && !view.decision ? (
                <>
                  <p>
                    {view.arbiter.displayName} declared a conflict of interest and cannot arbitrate.
                    Ask another third reviewer.
                  </p>
                  {form}
                </>
              ) : null}
            </div>
          ) : (
            <div className="stack">
              <p>
                The second opinion found the first one{' '}
                <Badge tone={concordance.tone}>{concordance.label}</Badge>. A third reviewer,
                independent of both, can be asked to settle it: they see neither earlier opinion
                until their own assessment is in, and their decision is issued as the opinion’s next
                version.
              </p>
              {form}
            </div>
          )
        }
      </QueryView>
    </Card>
  );
}

function ArbitrationForm({
  request,
  members,
}: {
  request: SecondOpinionView;
  members: readonly BoardMemberView[];
}) {
  const reviewers = useReviewersQuery(request.id);
  const ask = useRequestArbitration(request.id, request.boardId);
  const [arbiterId, setArbiterId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ arbiter?: string; reason?: string }>({});
  const [refusal, setRefusal] = useState<string[]>([]);
  const arbitration = useArbitrationQuery(request.id, true);
  // Neither a reviewer of the request, nor an arbiter who declared a conflict, nor a coordinator
  // (who already sees both opinions) may arbitrate.
  const excluded = [
    ...(reviewers.data ?? []).map((reviewer) => reviewer.userId),
    ...(arbitration.data ? [arbitration.data.arbiter.userId] : []),
  ];
  const candidates = members.filter(
    (member) =>
      member.role !== 'observer' &&
      member.role !== 'coordinator' &&
      !excluded.includes(member.userId),
  );
  if (candidates.length === 0)
    return (
      <p className="muted">
        Every member who may arbitrate has reviewed this request already (coordinators see both
        opinions and cannot arbitrate blind). Add a member to the board to ask for an arbitration.
      </p>
    );
  const options = candidates.map((member) => ({
    id: member.userId,
    label: `${member.displayName} — ${specialtyLabel(member.specialty)}, ${member.institution}`,
  }));
  const submit = async () => {
    const local = {
      arbiter: arbiterId ? undefined : 'Choose the third reviewer.',
      reason:
        reason.trim().length === 0
          ? 'Say why the opinion goes to arbitration.'
          : reason.trim().length > REASON_LIMIT
            ? `At most ${REASON_LIMIT.toLocaleString('en-GB')} characters.`
            : undefined,
    };
    setProblems(local);
    setRefusal([]);
    if (local.arbiter || local.reason) return;
    try {
      await ask.mutateAsync({ arbiterId: arbiterId as string, reason: reason.trim() });
    } catch (error) {
      setRefusal(candidateRefusal(error, candidates, request.firstOpinion?.institution));
    }
  };
  return (
    <SubmitForm onSubmit={submit} aria-label="Ask a third reviewer to arbitrate">
      <SelectField
        label="Third reviewer"
        options={options}
        value={arbiterId}
        onChange={setArbiterId}
        errorMessage={problems.arbiter}
        description="Not one of the request’s reviewers, and not from the first opinion’s institution."
        isRequired
      />
      <TextArea
        label="Why it goes to arbitration"
        rows={3}
        value={reason}
        onChange={setReason}
        maxLength={REASON_LIMIT}
        errorMessage={problems.reason}
        isRequired
      />
      {refusal.length > 0 ? (
        <div className="form-error" role="alert">
          {refusal.join(' ')}
        </div>
      ) : null}
      <div>
        <Button type="submit" variant="primary" isPending={ask.isPending}>
          Ask a third reviewer to arbitrate
        </Button>
      </div>
    </SubmitForm>
  );
}

function ArbitrationProgress({
  arbitration,
  timezone,
}: {
  arbitration: ArbitrationView;
  timezone: string;
}) {
  const { arbiter, decision } = arbitration;
  const step = decision
    ? { tone: 'success' as const, label: 'Decided' }
    : arbitration.attestation === 'conflict_declared'
      ? { tone: 'danger' as const, label: 'The arbiter declared a conflict' }
      : arbitration.assessment
        ? { tone: 'info' as const, label: 'Assessment in: decision awaited' }
        : arbitration.attestation === 'no_conflict'
          ? { tone: 'info' as const, label: 'Assessing' }
          : { tone: 'neutral' as const, label: 'Awaiting the arbiter’s attestation' };
  return (
    <dl className="kv">
      <dt>Arbiter</dt>
      <dd>
        {arbiter.displayName} ({specialtyLabel(arbiter.specialty)}, {arbiter.institution})
      </dd>
      <dt>Asked</dt>
      <dd>
        {dateTimeInZone(arbitration.requestedAt, timezone)}: {arbitration.reason}
      </dd>
      <dt>Progress</dt>
      <dd>
        <Badge tone={step.tone}>{step.label}</Badge>
        {arbitration.assessment ? (
          <span className="muted small">
            {' '}
            Assessment submitted {dateTimeInZone(arbitration.assessment.submittedAt, timezone)}
          </span>
        ) : null}
      </dd>
      {decision ? (
        <>
          <dt>Outcome</dt>
          <dd>
            <strong>{OUTCOME_LABELS[decision.outcome]}</strong>, on{' '}
            {dateTimeInZone(decision.decidedAt, timezone)}; issued as version{' '}
            {decision.issuedVersion}.
          </dd>
          <dt>Rationale</dt>
          <dd className="so-prewrap">{decision.rationale}</dd>
        </>
      ) : null}
      {arbitration.assessment ? (
        <>
          <dt>Arbiter’s diagnosis</dt>
          <dd>
            {arbitration.assessment.diagnosis}
            {arbitration.assessment.stage ? ` (${arbitration.assessment.stage})` : ''}
          </dd>
          <dt>Arbiter’s recommendation</dt>
          <dd>{arbitration.assessment.recommendation}</dd>
        </>
      ) : null}
    </dl>
  );
}
