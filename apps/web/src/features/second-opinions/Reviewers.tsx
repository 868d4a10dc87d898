import { useState } from 'react';
import type { BoardMemberView } from '../../api/types';
import { Button } from '../../ui/Button';
import { CheckboxField, SubmitForm } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { specialtyLabel } from '../../ui/words';
import {
  useAssignReviewers,
  useReviewersQuery,
  type ReviewerProgressView,
  type SecondOpinionView,
} from './queries';
import { candidateRefusal } from './refusals';
import { CONCORDANCE_LABELS } from './words';

/** Why no more reviewers can be assigned now, or null when they can. */
function assignmentClosed(request: SecondOpinionView): string | null {
  if (request.status === 'consent_withdrawn')
    return 'Consent has been withdrawn: the request cannot be reviewed.';
  if (request.status === 'opinion_delivered')
    return 'The opinion has been delivered: no more reviewers are assigned.';
  if (request.panelCaseId) return 'The panel has been put to a vote: no more reviewers join it.';
  return null;
}

/** Whether two institution names are plainly the same (the server also reads abbreviations). */
function sameInstitution(a: string, b: string | undefined): boolean {
  return b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The request's reviewers: each one's progress (conflict attestation, assessment, concordance,
 * never the content), and the assignment of one specialist or a panel from the board's members,
 * the server refusing anyone from the first opinion's institution.
 */
export function Reviewers({
  request,
  members,
  timezone,
}: {
  request: SecondOpinionView;
  members: readonly BoardMemberView[];
  timezone: string;
}) {
  const reviewers = useReviewersQuery(request.id);
  const closed = assignmentClosed(request);
  return (
    <Card title="Reviewers">
      <QueryView query={reviewers} loadingLabel="Loading the reviewers…">
        {(list) => (
          <div className="stack">
            {list.length === 0 ? (
              <Empty title="No reviewer assigned yet">
                Assign one specialist, or several to review as a panel. Each attests to having no
                conflict of interest, then assesses the request without seeing the first opinion.
              </Empty>
            ) : (
              <ProgressTable reviewers={list} timezone={timezone} />
            )}
            {closed ? (
              <p className="muted">{closed}</p>
            ) : (
              <AssignForm request={request} members={members} assigned={list} />
            )}
          </div>
        )}
      </QueryView>
    </Card>
  );
}

function attestationState(reviewer: ReviewerProgressView, timezone: string) {
  if (reviewer.attestation === 'no_conflict')
    return (
      <>
        <Badge tone="success">No conflict</Badge>
        {reviewer.attestedAt ? (
          <span className="muted small"> {dateTimeInZone(reviewer.attestedAt, timezone)}</span>
        ) : null}
      </>
    );
  if (reviewer.attestation === 'conflict_declared')
    return <Badge tone="danger">Conflict declared: does not review</Badge>;
  return <Badge tone="neutral">Not yet answered</Badge>;
}

function ProgressTable({
  reviewers,
  timezone,
}: {
  reviewers: readonly ReviewerProgressView[];
  timezone: string;
}) {
  return (
    <div className="table-wrap">
      <table className="table row-headed">
        <caption className="visually-hidden">Progress of each reviewer</caption>
        <thead>
          <tr>
            <th scope="col">Reviewer</th>
            <th scope="col">Conflict of interest</th>
            <th scope="col">Assessment</th>
            <th scope="col">Concordance</th>
          </tr>
        </thead>
        <tbody>
          {reviewers.map((reviewer) => (
            <tr key={reviewer.userId}>
              <th scope="row">
                {reviewer.displayName}
                <div className="muted small">
                  {specialtyLabel(reviewer.specialty)}, {reviewer.institution}
                </div>
              </th>
              <td>{attestationState(reviewer, timezone)}</td>
              <td>
                {reviewer.assessmentSubmittedAt ? (
                  <>
                    <Badge tone="success">Submitted</Badge>
                    <span className="muted small">
                      {' '}
                      {dateTimeInZone(reviewer.assessmentSubmittedAt, timezone)}
                    </span>
                  </>
                ) : (
                  <span className="muted">Not yet</span>
                )}
              </td>
              <td>
                {reviewer.concordance ? (
                  <Badge tone={CONCORDANCE_LABELS[reviewer.concordance].tone}>
                    {CONCORDANCE_LABELS[reviewer.concordance].label}
                  </Badge>
                ) : (
                  <span className="muted">Not yet</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AssignForm({
  request,
  members,
  assigned,
}: {
  request: SecondOpinionView;
  members: readonly BoardMemberView[];
  assigned: readonly ReviewerProgressView[];
}) {
  const assign = useAssignReviewers(request.id, request.boardId);
  const [chosen, setChosen] = useState<string[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const firstInstitution = request.firstOpinion?.institution;
  const candidates = members.filter(
    (member) =>
      member.role !== 'observer' && !assigned.some((reviewer) => reviewer.userId === member.userId),
  );
  if (candidates.length === 0)
    return (
      <p className="muted">
        Every member of the board who may review is already assigned. Observers cannot review.
      </p>
    );

  const submit = async () => {
    setDone(null);
    if (chosen.length === 0) {
      setProblems(['Choose at least one member to review the request.']);
      return;
    }
    setProblems([]);
    try {
      await assign.mutateAsync(chosen);
      const names = candidates
        .filter((candidate) => chosen.includes(candidate.userId))
        .map((candidate) => candidate.displayName);
      setDone(`Assigned: ${names.join(', ')}.`);
      setChosen([]);
    } catch (error) {
      setProblems(candidateRefusal(error, candidates, firstInstitution));
    }
  };

  return (
    <SubmitForm onSubmit={submit} aria-label="Assign reviewers">
      <fieldset className="so-fieldset">
        <legend>Assign reviewers</legend>
        <p className="muted small">
          One specialist, or several to review as a panel. No one from the first opinion’s
          institution{firstInstitution ? ` (${firstInstitution})` : ''} may review it.
        </p>
        <ul className="list-plain so-candidates">
          {candidates.map((member) => (
            <li key={member.userId}>
              <CheckboxField
                isSelected={chosen.includes(member.userId)}
                onChange={(selected) =>
                  setChosen((current) =>
                    selected
                      ? [...current, member.userId]
                      : current.filter((id) => id !== member.userId),
                  )
                }
              >
                <span>
                  {member.displayName}
                  <span className="muted small">
                    {' '}
                    — {specialtyLabel(member.specialty)}, {member.institution}
                  </span>
                  {sameInstitution(member.institution, firstInstitution) ? (
                    <span className="so-flag small"> Same institution as the first opinion</span>
                  ) : null}
                </span>
              </CheckboxField>
            </li>
          ))}
        </ul>
      </fieldset>
      {problems.length > 0 ? (
        <div className="form-error" role="alert">
          {problems.length === 1 ? (
            problems[0]
          ) : (
            <ul className="list-plain">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      {done ? (
        <p className="notice notice-success" role="status">
          {done}
        </p>
      ) : null}
      <div>
        <Button type="submit" variant="primary" isPending={assign.isPending}>
          Assign reviewers
        </Button>
      </div>
    </SubmitForm>
  );
}
