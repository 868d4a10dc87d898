import { useParams } from 'react-router';
import { useMe } from '../../api/context';
import { Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { dateTimeInZone, localZone } from '../../ui/time';
import { draftKey } from './assessment';
import { AssessmentForm } from './AssessmentForm';
import { AttestationCard, ConflictDeclaredCard } from './Attestation';
import { AssessmentDetails, ComparisonTable, assessmentColumn } from './Comparison';
import {
  useArbitrationAssessment,
  useArbitrationAttest,
  useArbitrationDecision,
  useArbitrationQuery,
  type ArbitrationView,
  type RequestBrief,
} from './queries';
import { RecordsCard } from './Records';
import { Steps } from './Steps';
import { VerdictForm } from './VerdictForm';
import { CONCORDANCE, OUTCOMES, OUTCOME_CHOICES } from './words';
import { WorkspaceFrame, firstOpinionColumn, notYetWords } from './Workspace';

const STEPS = ['Conflict of interest', 'Records and your assessment', 'Comparison and decision'];

function currentStep(arbitration: ArbitrationView): number {
  if (arbitration.attestation !== 'no_conflict') return 0;
  if (!arbitration.assessment) return 1;
  return arbitration.decision ? 3 : 2;
}

/** The route `/second-opinions/:requestId/arbitration`. */
export function ArbitrationPage() {
  const { requestId = '' } = useParams();
  return <ArbitrationWorkspace key={requestId} requestId={requestId} />;
}

/**
 * The arbiter's workspace, when a second opinion changed the diagnosis or the treatment: the
 * attestation, the records and their own assessment, blind to both earlier opinions; once it is
 * submitted, the three side by side and the decision; then its outcome and the written
 * opinion's version that records it.
 */
export function ArbitrationWorkspace({ requestId }: { requestId: string }) {
  const arbitration = useArbitrationQuery(requestId);
  return (
    <WorkspaceFrame
      requestId={requestId}
      title="Arbitration"
      subtitle="A third, independent opinion: the first and second opinions stay hidden until your own assessment is submitted."
    >
      {(brief) => (
        <QueryView query={arbitration} loadingLabel="Loading the arbitration…">
          {(loaded) => <Arbitration arbitration={loaded} brief={brief} />}
        </QueryView>
      )}
    </WorkspaceFrame>
  );
}

function Arbitration({
  arbitration,
  brief,
}: {
  arbitration: ArbitrationView;
  brief: RequestBrief | null;
}) {
  const me = useMe();
  const { requestId } = arbitration;
  const attest = useArbitrationAttest(requestId);
  const assess = useArbitrationAssessment(requestId);
  const decide = useArbitrationDecision(requestId);

  if (arbitration.attestation === 'conflict_declared') return <ConflictDeclaredCard />;
  return (
    <>
      <Steps label="Steps of your arbitration" steps={STEPS} current={currentStep(arbitration)} />
      {arbitration.attestation === null ? (
        <AttestationCard role="arbiter" attest={(noConflict) => attest.mutateAsync(noConflict)} />
      ) : (
        <>
          <RecordsCard requestId={requestId} />
          {arbitration.assessment === null ? (
            <Card title="Your independent assessment">
              <div className="stack">
                <p>
                  Write your own view of the case from the records. The first and second opinions
                  are hidden from you until this assessment is submitted, so that neither can sway
                  it.
                </p>
                <AssessmentForm
                  draftKey={draftKey(me.id, requestId, 'arbiter')}
                  revealed="The first and second opinions are then shown to you beside it."
                  notYet={notYetWords(brief, 'arbiter')}
                  submit={(body) => assess.mutateAsync(body)}
                />
              </div>
            </Card>
          ) : (
            <Assessed
              arbitration={arbitration}
              assessment={arbitration.assessment}
              decide={decide.mutateAsync}
            />
          )}
        </>
      )}
    </>
  );
}

function Assessed({
  arbitration,
  assessment,
  decide,
}: {
  arbitration: ArbitrationView;
  assessment: NonNullable<ArbitrationView['assessment']>;
  decide: ReturnType<typeof useArbitrationDecision>['mutateAsync'];
}) {
  const { firstOpinion, secondOpinion, decision } = arbitration;
  return (
    <>
      <Card title="The three opinions side by side">
        {firstOpinion && secondOpinion ? (
          <div className="stack">
            <ComparisonTable
              caption="The first opinion, the second opinion and your assessment, side by side"
              opinions={[
                firstOpinionColumn(firstOpinion),
                assessmentColumn(
                  'Second opinion',
                  secondOpinion.conclusion,
                  `Written opinion version ${secondOpinion.version}, ${
                    secondOpinion.reviewMode === 'panel' ? 'a panel' : 'a specialist'
                  }`,
                ),
                assessmentColumn('Your assessment', assessment),
              ]}
            />
            <dl className="kv">
              <dt>The second opinion’s reviewers classified it</dt>
              <dd>
                <strong>{CONCORDANCE[secondOpinion.concordance.classification].label}</strong>
                {secondOpinion.concordance.rationale ? (
                  <span className="reviews-text">: {secondOpinion.concordance.rationale}</span>
                ) : null}
              </dd>
              <dt>Arbitration asked because</dt>
              <dd className="reviews-text">{arbitration.reason}</dd>
            </dl>
          </div>
        ) : (
          <p className="notice notice-warning">
            The earlier opinions could not be shown. Reload the page to try again.
          </p>
        )}
      </Card>
      {secondOpinion ? (
        <Card title="The second opinion in full">
          <AssessmentDetails assessment={secondOpinion.conclusion} />
        </Card>
      ) : null}
      <Card title="Decision">
        {decision ? (
          <div className="stack">
            <p className="notice notice-success" role="status">
              Your arbitration is complete: version {decision.issuedVersion} of the written opinion
              records it.
            </p>
            <dl className="kv">
              <dt>Outcome</dt>
              <dd>
                <strong>{OUTCOMES[decision.outcome].label}</strong>:{' '}
                {OUTCOMES[decision.outcome].definition}
              </dd>
              <dt>Rationale</dt>
              <dd className="reviews-text">{decision.rationale}</dd>
              <dt>Decided</dt>
              <dd>{dateTimeInZone(decision.decidedAt, localZone())}</dd>
              <dt>Written opinion</dt>
              <dd>Version {decision.issuedVersion}</dd>
            </dl>
          </div>
        ) : (
          <VerdictForm
            aria-label="Arbitration decision"
            field="outcome"
            label="Which opinion stands?"
            missingChoice="Choose which opinion stands."
            choices={OUTCOME_CHOICES}
            definitions={OUTCOMES}
            needsRationale={() => true}
            rationaleDescription="Why this outcome: what in the records decided it."
            submitLabel="Record the decision…"
            confirmation={{
              title: 'Record your decision?',
              body: (
                <p>
                  The written opinion’s next version records your arbitration and its outcome. The
                  decision cannot be changed afterwards.
                </p>
              ),
              confirmLabel: 'Record the decision',
            }}
            note="The outcome is counted in the board’s quality figures."
            send={(outcome, rationale) => decide({ outcome, rationale: rationale ?? '' })}
          />
        )}
      </Card>
      <Card title="Your assessment">
        <AssessmentDetails assessment={assessment} submittedAt={assessment.submittedAt} />
      </Card>
    </>
  );
}
