import { useCallback, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useBoardMembersQuery, useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import type { BoardMemberView, BoardView, CaseDetailView } from '../../api/types';
import { Badge, PageHeader } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { calendarDate } from '../../ui/time';
import { CASE_STATUS_LABELS, PRIORITY_LABELS } from '../../ui/words';
import { CaseEditor } from './CaseEditor';
import { CaseGlance } from './CaseGlance';
import { CaseSummary } from './CaseSummary';
import { ConflictsOfInterest } from './ConflictsOfInterest';
import { CLOSED_STATUSES, mayDeclareConflict, mayEditCase } from './permissions';
import { refreshCase, useCaseQuery } from './queries';
import { ReadinessChecklist } from './ReadinessChecklist';
import { RecordsPanel } from './RecordsPanel';
import { StatusActions } from './StatusActions';
import './cases.css';

/** What the case workspace hands to panels of other features composed into it (app/pages). */
export interface CaseWorkspaceContext {
  detail: CaseDetailView;
  board: BoardView;
  members: readonly BoardMemberView[];
  /** The signed-in person may edit the case (coordinator, its presenter or chair, admin). */
  canEdit: boolean;
  /** Reload the case (its readiness counts preparation requests). */
  refresh: () => void;
  /** The case still takes records (not published or withdrawn). */
  open: boolean;
}

/**
 * One case: its summary header, the form (or a read-only summary), the readiness checklist,
 * status changes, conflicts of interest and records. `aside` renders panels from other features
 * (preparation requests) in the side column.
 */
export function CaseWorkspace({
  caseId,
  aside,
  recordActions,
}: {
  caseId: string;
  aside?: (context: CaseWorkspaceContext) => ReactNode;
  /** Ways to add records from other features (linking a PACS study), shown in the records panel. */
  recordActions?: (context: CaseWorkspaceContext) => ReactNode;
}) {
  const query = useCaseQuery(caseId);
  return (
    <div className="page">
      <QueryView query={query} loadingLabel="Loading the case…">
        {(detail) => <WithBoard detail={detail} aside={aside} recordActions={recordActions} />}
      </QueryView>
    </div>
  );
}

function WithBoard({
  detail,
  aside,
  recordActions,
}: {
  detail: CaseDetailView;
  aside?: (context: CaseWorkspaceContext) => ReactNode;
  /** Ways to add records from other features (linking a PACS study), shown in the records panel. */
  recordActions?: (context: CaseWorkspaceContext) => ReactNode;
}) {
  const board = useBoardQuery(detail.boardId);
  const members = useBoardMembersQuery(detail.boardId);
  return (
    <QueryView query={board} loadingLabel="Loading the board…">
      {(boardView) => (
        <QueryView query={members} loadingLabel="Loading the board's members…">
          {(memberViews) => (
            <Workspace
              detail={detail}
              board={boardView}
              members={memberViews}
              aside={aside}
              recordActions={recordActions}
            />
          )}
        </QueryView>
      )}
    </QueryView>
  );
}

const PRIORITY_TONES = { routine: 'neutral', urgent: 'warning', emergent: 'danger' } as const;

function Workspace({
  detail,
  board,
  members,
  aside,
  recordActions,
}: {
  detail: CaseDetailView;
  board: BoardView;
  members: readonly BoardMemberView[];
  aside?: (context: CaseWorkspaceContext) => ReactNode;
  /** Ways to add records from other features (linking a PACS study), shown in the records panel. */
  recordActions?: (context: CaseWorkspaceContext) => ReactNode;
}) {
  const me = useMe();
  const queryClient = useQueryClient();
  const canEdit = mayEditCase(me, board.myRole, detail.presenterId);
  const closed = CLOSED_STATUSES.includes(detail.status);
  const nameOf = useCallback(
    (userId: string) =>
      userId === me.id
        ? `${me.displayName} (you)`
        : (members.find((member) => member.userId === userId)?.displayName ?? 'A former member'),
    [me, members],
  );
  const presenterName = detail.presenterId ? nameOf(detail.presenterId) : 'No presenter yet';
  const presenters = members.filter((member) => member.role !== 'observer');
  const myConflict = detail.conflicts.find((conflict) => conflict.userId === me.id);
  const status = CASE_STATUS_LABELS[detail.status] ?? {
    label: detail.status,
    tone: 'neutral' as const,
  };
  const refresh = () => void refreshCase(queryClient, detail.id, detail.boardId);
  const context: CaseWorkspaceContext = { detail, board, members, canEdit, refresh, open: !closed };

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/boards/${detail.boardId}/cases`}>
            <span aria-hidden="true">← </span>
            {board.name}
            <span className="visually-hidden">: back to the board's cases</span>
          </Link>
        }
        title={detail.patientRef}
        subtitle={
          <span className="case-meta">
            <Badge tone={status.tone}>{status.label}</Badge>
            <Badge tone={PRIORITY_TONES[detail.priority]}>
              {PRIORITY_LABELS[detail.priority] ?? detail.priority}
            </Badge>
            <span>
              Due <strong>{calendarDate(detail.dueDate)}</strong>
            </span>
            <span>
              Presenter <strong>{presenterName}</strong>
            </span>
            {detail.primarySite ? <span>{detail.primarySite}</span> : null}
          </span>
        }
        actions={canEdit && !closed ? <StatusActions detail={detail} /> : null}
      />
      {myConflict ? (
        <p className="notice notice-warning" role="note">
          <strong>You declared a conflict of interest on this case</strong> ({myConflict.reason}).
          You will not vote on it, and its discussion notes are read-only for you.
        </p>
      ) : null}
      {!canEdit ? (
        <p className="muted small">
          {board.myRole === 'observer'
            ? 'You are an observer on this board: you can read this case but not change it.'
            : 'Only the coordinator and the case presenter change this case; you can read it.'}
        </p>
      ) : null}
      <CaseGlance detail={detail} />
      <div className="columns">
        <div>
          {canEdit ? (
            <CaseEditor
              key={detail.id}
              detail={detail}
              presenters={presenters}
              describe={{ presenterName: nameOf }}
              timezone={board.timezone}
            />
          ) : (
            <CaseSummary detail={detail} presenterName={presenterName} />
          )}
          <RecordsPanel
            caseId={detail.id}
            boardId={detail.boardId}
            records={detail.records}
            canChange={canEdit && !closed}
            actions={recordActions ? recordActions(context) : null}
          />
        </div>
        <div>
          <ReadinessChecklist readiness={detail.readiness} />
          {aside ? aside(context) : null}
          <ConflictsOfInterest
            detail={detail}
            mayDeclare={mayDeclareConflict(me, board.myRole) && !closed}
            timezone={board.timezone}
          />
        </div>
      </div>
    </>
  );
}
