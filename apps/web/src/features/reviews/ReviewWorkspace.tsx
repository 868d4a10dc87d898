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
  useAttest,
  useClassifyConcordance,
  useReviewQuery,
  useSubmitAssessment,
  type RequestBrief,
  type ReviewView,
} from './queries';
import { RecordsCard } from './Records';
import { ReferrerQuestions } from './ReferrerQuestions';
import { Steps } from './Steps';
import { VerdictForm } from './VerdictForm';
import { CONCORDANCE, CONCORDANCE_CHOICES } from './words';
import { WorkspaceFrame, firstOpinionColumn, notYetWords } from './Workspace';

const STEPS = ['Conflict of interest', 'Records and your assessment', 'Comparison and concordance'];

function currentStep(review: ReviewView): number {
  if (review.attestation !== 'no_conflict') return 0;
  if (!review.assessment) return 1;
  return review.concordance ? 3 : 2;
}

/** The route `/second-opinions/:requestId/review`. */
export function ReviewPage() {
  const { requestId = '' } = useParams();
  return <ReviewWorkspace key={requestId} requestId={requestId} />;
}

/**
 * A reviewer's blinded workspace: the conflict-of-interest attestation first; then the records
 * and their own assessment; only once it is submitted, the first opinion beside it and the
 * concordance classification. Nothing the server withholds is asked for or shown before.
 */
export function ReviewWorkspace({ requestId }: { requestId: string }) {
  const review = useReviewQuery(requestId);
  return (
    <WorkspaceFrame
      requestId={requestId}
      title="Second-opinion review"
      subtitle="Your independent review: the first opinion stays hidden until your own assessment is submitted."
    >
      {(brief) => (
        <QueryView query={review} loadingLabel="Loading your review…">
          {(loaded) => <Review review={loaded} brief={brief} />}
        </QueryView>
      )}
    </WorkspaceFrame>
  );
}

function Review({ review, brief }: { review: ReviewView; brief: RequestBrief | null }) {
  const me = useMe();
  const { requestId } = review;
  const attest = useAttest(requestId);
  const assess = useSubmitAssessment(requestId);
  const classify = useClassifyConcordance(requestId);

  if (review.attestation === 'conflict_declared') return <ConflictDeclaredCard />;
  return (
    <>
      <Steps label="Steps of your review" steps={STEPS} current={currentStep(review)} />
      {review.attestation === null ? (
        <AttestationCard role="reviewer" attest={(noConflict) => attest.mutateAsync(noConflict)} />
      ) : (
        <>
          <RecordsCard requestId={requestId} />
          {review.assessment === null ? (
            <Card title="Your independent assessment">
              <div className="stack">
                <p>
                  Write your own view of the case from the records. The first opinion is hidden from
                  you until this assessment is submitted, so that it cannot sway it.
                </p>
                <AssessmentForm
                  draftKey={draftKey(me.id, requestId, 'reviewer')}
                  revealed="The first opinion is then shown to you beside it."
                  notYet={notYetWords(brief, 'reviewer')}
                  submit={(body) => assess.mutateAsync(body)}
                />
              </div>
            </Card>
          ) : (
            <Assessed
              review={review}
              delivered={brief?.status === 'opinion_delivered'}
              assessment={review.assessment}
              classify={classify.mutateAsync}
            />
          )}
        </>
      )}
    </>
  );
}

function Assessed({
  review,
  delivered,
  assessment,
  classify,
}: {
  review: ReviewView;
  delivered: boolean;
  assessment: NonNullable<ReviewView['assessment']>;
  classify: ReturnType<typeof useClassifyConcordance>['mutateAsync'];
}) {
  const { firstOpinion, concordance } = review;
  return (
    <>
      <Card title="The first opinion beside your assessment">
        {firstOpinion ? (
          <ComparisonTable
            caption="The first opinion and your assessment, side by side"
            opinions={[
              firstOpinionColumn(firstOpinion),
              assessmentColumn('Your assessment', assessment),
            ]}
          />
        ) : (
          <p className="notice notice-warning">
            The first opinion could not be shown. Reload the page to try again.
          </p>
        )}
      </Card>
      <Card title="Concordance">
        {concordance ? (
          <div className="stack">
            <p className="notice notice-success" role="status">
              Your review is complete.
            </p>
            <dl className="kv">
              <dt>Classification</dt>
              <dd>
                <strong>{CONCORDANCE[concordance.classification].label}</strong>:{' '}
                {CONCORDANCE[concordance.classification].definition}
              </dd>
              <dt>Rationale</dt>
              <dd className="reviews-text">{concordance.rationale ?? 'None given'}</dd>
              <dt>Classified</dt>
              <dd>{dateTimeInZone(concordance.classifiedAt, localZone())}</dd>
            </dl>
          </div>
        ) : (
          <VerdictForm
            aria-label="Concordance with the first opinion"
            field="classification"
            label="How does your opinion compare with the first?"
            missingChoice="Choose how your opinion compares with the first."
            choices={CONCORDANCE_CHOICES}
            definitions={CONCORDANCE}
            needsRationale={(choice) => choice !== 'confirmed'}
            rationaleDescription="What differs, and why. Required unless the first opinion is confirmed."
            submitLabel="Record the classification"
            note="The classification is recorded with your review and counted in the board’s quality figures. It cannot be changed afterwards."
            send={(classification, rationale) =>
              classify({ classification, ...(rationale ? { rationale } : {}) })
            }
          />
        )}
      </Card>
      {delivered ? <ReferrerQuestions requestId={review.requestId} /> : null}
      <Card title="Your assessment">
        <AssessmentDetails assessment={assessment} submittedAt={assessment.submittedAt} />
      </Card>
    </>
  );
}
