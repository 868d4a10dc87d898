import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useParams } from 'react-router';
import { useBoardMembersQuery, useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import type { BoardMemberView, BoardView } from '../../api/types';
import { Badge, Card, PageHeader } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { dateTimeInZone, zoneName } from '../../ui/time';
import { Arbitration } from './Arbitration';
import { Consultation } from './Consultation';
import { ConsentWithdrawal } from './ConsentWithdrawal';
import { DeliverOpinion } from './Delivery';
import { FollowUpQuestions } from './FollowUpQuestions';
import { PanelVote } from './PanelVote';
import { mayCoordinate } from './permissions';
import { countryName, languageName } from './places';
import {
  useRequestQuery,
  useVersionsQuery,
  type ReferrerLinkView,
  type SecondOpinionView,
} from './queries';
import { RecordsChecklist } from './RecordsChecklist';
import { Reviewers } from './Reviewers';
import { TurnaroundClockSummary } from './TurnaroundClock';
import { WrittenOpinion } from './WrittenOpinion';
import {
  CONSENT_SCOPE_LABELS,
  GRANTED_BY_LABELS,
  SEX_LABELS,
  STATUS_LABELS,
  TYPE_LABELS,
} from './words';
import './second-opinions.css';

/**
 * One second-opinion request, as its coordinators run it: the records, the reviewers, the
 * panel's vote, delivery and what follows it (versions, the referrer's link, questions, the
 * consultation, an arbitration), and the consent.
 */
export function RequestPage() {
  const { requestId = '' } = useParams();
  const request = useRequestQuery(requestId);
  return (
    <div className="page">
      <QueryView query={request} loadingLabel="Loading the request…">
        {(view) => <OnBoard key={view.id} request={view} />}
      </QueryView>
    </div>
  );
}

function OnBoard({ request }: { request: SecondOpinionView }) {
  const me = useMe();
  const board = useBoardQuery(request.boardId);
  const members = useBoardMembersQuery(request.boardId);
  return (
    <QueryView query={board} loadingLabel="Loading the board…">
      {(boardView) =>
        mayCoordinate(me, boardView.myRole) ? (
          <QueryView query={members} loadingLabel="Loading the board's members…">
            {(memberViews) => (
              <Workspace request={request} board={boardView} members={memberViews} />
            )}
          </QueryView>
        ) : (
          <>
            <Header request={request} board={boardView} />
            <p className="notice notice-warning" role="status">
              This page is for the board’s coordinators. If you review this request, open it from{' '}
              <Link href="/reviews">My reviews</Link>: it shows you what you may see, when you may
              see it.
            </p>
          </>
        )
      }
    </QueryView>
  );
}

function Header({ request, board }: { request: SecondOpinionView; board: BoardView }) {
  const status = STATUS_LABELS[request.status];
  return (
    <PageHeader
      eyebrow={
        <Link href={`/boards/${board.id}/second-opinions`}>
          <span aria-hidden="true">← </span>
          {board.name}
          <span className="visually-hidden">: back to the board's second opinions</span>
        </Link>
      }
      title={`Second opinion: ${request.patient.reference}`}
      subtitle={
        <>
          {TYPE_LABELS[request.type]} · {request.priority === 'urgent' ? 'Urgent' : 'Routine'} ·
          received {dateTimeInZone(request.receivedAt, board.timezone)}
        </>
      }
      actions={
        <div className="so-header-state">
          <Badge tone={status.tone}>{status.label}</Badge>
          <span className="so-header-clock">
            <span className="muted small">Turnaround </span>
            <TurnaroundClockSummary clock={request.clock} />
          </span>
        </div>
      }
    />
  );
}

function Workspace({
  request,
  board,
  members,
}: {
  request: SecondOpinionView;
  board: BoardView;
  members: readonly BoardMemberView[];
}) {
  const [link, setLink] = useState<ReferrerLinkView | null>(null);
  const withdrawn = request.status === 'consent_withdrawn';
  const delivered = request.status === 'opinion_delivered';
  const versions = useVersionsQuery(request.id, delivered || withdrawn);
  const issued = delivered || (withdrawn && (versions.data?.length ?? 0) > 0);
  const timezone = board.timezone;
  return (
    <>
      <Header request={request} board={board} />
      {withdrawn ? (
        <p className="notice notice-warning" role="status">
          Consent was withdrawn
          {request.consent.withdrawnAt
            ? ` on ${dateTimeInZone(request.consent.withdrawnAt, timezone)}`
            : ''}
          {request.consent.withdrawalReason ? `: ${request.consent.withdrawalReason}` : ''}. The
          request has stopped; everything here is read-only.
        </p>
      ) : null}
      <div className="so-layout">
        <div className="stack so-main">
          <RecordsChecklist request={request} timezone={timezone} members={members} />
          <Reviewers request={request} members={members} timezone={timezone} />
          <PanelVote request={request} timezone={timezone} />
          {delivered || withdrawn ? null : (
            <DeliverOpinion request={request} onDelivered={setLink} />
          )}
          {issued ? (
            <>
              <WrittenOpinion
                request={request}
                timezone={timezone}
                link={link}
                onLink={setLink}
                readOnly={withdrawn}
              />
              <Arbitration
                request={request}
                members={members}
                timezone={timezone}
                readOnly={withdrawn}
              />
              <FollowUpQuestions request={request} timezone={timezone} readOnly={withdrawn} />
              <Consultation request={request} timezone={timezone} readOnly={withdrawn} />
            </>
          ) : null}
          <ConsentWithdrawal request={request} />
        </div>
        <div className="stack so-aside">
          <RequestDetails request={request} timezone={timezone} />
          <FirstOpinion request={request} />
        </div>
      </div>
    </>
  );
}

function RequestDetails({ request, timezone }: { request: SecondOpinionView; timezone: string }) {
  const { patient, referrer, consent, payer } = request;
  return (
    <Card title="Request">
      <dl className="kv so-details">
        <dt>Patient</dt>
        <dd>
          {patient.reference}, born {patient.birthYear}, {SEX_LABELS[patient.sex].toLowerCase()}
        </dd>
        <dt>Language</dt>
        <dd>{languageName(request.preferredLanguage)}</dd>
        <dt>Lives in</dt>
        <dd>
          {countryName(request.country)} ({zoneName(request.timezone)})
        </dd>
        <dt>Question</dt>
        <dd className="so-prewrap">{request.question}</dd>
        <dt>Referrer</dt>
        <dd>
          {referrer.name}, {referrer.institution}
          <br />
          <a href={`mailto:${referrer.email}`}>{referrer.email}</a>
        </dd>
        <dt>Consent</dt>
        <dd>
          Given by {GRANTED_BY_LABELS[consent.grantedBy].toLowerCase()} on{' '}
          {dateTimeInZone(consent.grantedAt, timezone)}, to:
          <ul className="so-scope-list">
            {consent.scope.map((scope) => (
              <li key={scope}>{CONSENT_SCOPE_LABELS[scope]}</li>
            ))}
          </ul>
          {consent.withdrawnAt ? (
            <Badge tone="neutral">Withdrawn {dateTimeInZone(consent.withdrawnAt, timezone)}</Badge>
          ) : null}
        </dd>
        <dt>Payer</dt>
        <dd>
          {payer.payer}: {payer.coverageVerified ? 'coverage verified' : 'coverage not verified'}
          {payer.authorizationNumber ? `, authorisation ${payer.authorizationNumber}` : ''}
        </dd>
        <dt>Follow-up questions</dt>
        <dd>{request.followUpQuestionsAllowed} allowed after delivery</dd>
      </dl>
    </Card>
  );
}

function FirstOpinion({ request }: { request: SecondOpinionView }) {
  const first = request.firstOpinion;
  if (!first) return null;
  return (
    <Card title="First opinion">
      <p className="muted small">
        Coordinators only: reviewers see it once their own assessment is submitted.
      </p>
      <dl className="kv so-details">
        <dt>Diagnosis</dt>
        <dd className="so-prewrap">{first.diagnosis}</dd>
        <dt>Stage</dt>
        <dd>{first.stage ?? '—'}</dd>
        <dt>Proposed treatment</dt>
        <dd className="so-prewrap">{first.proposedTreatment}</dd>
        <dt>From</dt>
        <dd>
          {first.physician}, {first.institution}
        </dd>
      </dl>
    </Card>
  );
}
