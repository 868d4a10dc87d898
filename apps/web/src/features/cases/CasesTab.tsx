import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useParams } from 'react-router';
import { useBoardMembersQuery, useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import type { BoardMemberView, CaseSummaryView, MissingRecordsView } from '../../api/types';
import { ButtonLink } from '../../ui/Button';
import { SelectField } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { Empty, ErrorState, Loading, QueryView } from '../../ui/states';
import { calendarDate } from '../../ui/time';
import { CASE_STATUS_LABELS, PRIORITY_LABELS } from '../../ui/words';
import { mayCreateCase } from './permissions';
import {
  useCasesQuery,
  useMissingRecordsQuery,
  type CaseListFilter,
  type CasePriority,
  type CaseStatusName,
} from './queries';
import './cases.css';

const ALL = 'all';
const STATUS_OPTIONS = [
  { id: ALL, label: 'All statuses' },
  ...Object.entries(CASE_STATUS_LABELS).map(([id, { label }]) => ({ id, label })),
];
const PRIORITY_OPTIONS = [
  { id: ALL, label: 'All priorities' },
  ...Object.entries(PRIORITY_LABELS).map(([id, label]) => ({ id, label })),
];
/** Statuses whose readiness the server tracks in the board's missing-records worklist. */
const TRACKED: readonly string[] = ['draft', 'ready', 'deferred'];

/** The board's cases, soonest due first, with a status and priority filter. */
export function CasesTab() {
  const { boardId = '' } = useParams();
  const me = useMe();
  const board = useBoardQuery(boardId);
  const [filter, setFilter] = useState<CaseListFilter>({});
  const cases = useCasesQuery(boardId, filter);
  const members = useBoardMembersQuery(boardId);
  const missing = useMissingRecordsQuery(boardId);

  if (board.isPending) return <Loading label="Loading the board…" />;
  if (board.error || !board.data)
    return <ErrorState error={board.error} retry={() => void board.refetch()} />;
  const canCreate = mayCreateCase(me, board.data.myRole);
  const filtered = filter.status !== undefined || filter.priority !== undefined;

  return (
    <Card
      title="Cases"
      actions={
        canCreate ? (
          <ButtonLink href={`/boards/${boardId}/cases/new`} variant="primary">
            New case
          </ButtonLink>
        ) : null
      }
    >
      <div className="row case-filters">
        <SelectField
          label="Status"
          options={STATUS_OPTIONS}
          value={filter.status ?? ALL}
          onChange={(id) =>
            setFilter((current) => ({
              ...current,
              status: id === ALL ? undefined : (id as CaseStatusName),
            }))
          }
        />
        <SelectField
          label="Priority"
          options={PRIORITY_OPTIONS}
          value={filter.priority ?? ALL}
          onChange={(id) =>
            setFilter((current) => ({
              ...current,
              priority: id === ALL ? undefined : (id as CasePriority),
            }))
          }
        />
      </div>
      <QueryView query={cases} loadingLabel="Loading cases…">
        {(list) =>
          list.length === 0 ? (
            filtered ? (
              <Empty title="No cases match these filters">
                Choose “All statuses” and “All priorities” to see every case on the board.
              </Empty>
            ) : (
              <Empty title="No cases on this board yet">
                {canCreate ? (
                  <div className="stack">
                    <p>
                      Create a case for each patient to be discussed: a pseudonymous reference, the
                      diagnosis and stage, and the question for the board. Then attach the records
                      the board's checklist asks for and mark it ready.
                    </p>
                    <div>
                      <ButtonLink href={`/boards/${boardId}/cases/new`} variant="primary">
                        Create the first case
                      </ButtonLink>
                    </div>
                  </div>
                ) : (
                  'Cases appear here once the coordinator or a presenter adds them.'
                )}
              </Empty>
            )
          ) : (
            <CaseTable
              cases={list}
              members={members.data}
              missing={missing.data}
              missingFailed={Boolean(missing.error)}
            />
          )
        }
      </QueryView>
    </Card>
  );
}

function CaseTable({
  cases,
  members,
  missing,
  missingFailed,
}: {
  cases: readonly CaseSummaryView[];
  members: readonly BoardMemberView[] | undefined;
  missing: readonly MissingRecordsView[] | undefined;
  missingFailed: boolean;
}) {
  const missingOf = new Map((missing ?? []).map((entry) => [entry.caseId, entry.missing]));
  const readiness = (item: CaseSummaryView) => {
    if (!TRACKED.includes(item.status)) return <span className="muted">—</span>;
    if (missingFailed) return <span className="muted">Unknown</span>;
    if (!missing) return <span className="muted">…</span>;
    const open = missingOf.get(item.id);
    if (!open || open.length === 0) return <Badge tone="success">Checklist met</Badge>;
    return (
      <span>
        <Badge tone="warning">
          {open.length === 1 ? '1 item missing' : `${open.length} items missing`}
        </Badge>
        <span className="visually-hidden">: {open.join('; ')}</span>
      </span>
    );
  };
  const presenter = (id: string | null) => {
    if (!id) return '—';
    if (!members) return <span className="muted">…</span>;
    return members.find((member) => member.userId === id)?.displayName ?? 'A former member';
  };

  return (
    <div className="table-wrap">
      <table className="table row-headed">
        <caption className="visually-hidden">Cases on this board, soonest due first</caption>
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col">Primary site</th>
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Due</th>
            <th scope="col">Presenter</th>
            <th scope="col">Readiness</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((item) => {
            const status = CASE_STATUS_LABELS[item.status] ?? {
              label: item.status,
              tone: 'neutral' as const,
            };
            return (
              <tr key={item.id}>
                <th scope="row">
                  <Link href={`/cases/${item.id}`}>{item.patientRef}</Link>
                </th>
                <td>{item.primarySite ?? '—'}</td>
                <td>
                  <Badge tone={status.tone}>{status.label}</Badge>
                </td>
                <td>
                  {item.priority === 'routine' ? (
                    PRIORITY_LABELS.routine
                  ) : (
                    <Badge tone={item.priority === 'emergent' ? 'danger' : 'warning'}>
                      {PRIORITY_LABELS[item.priority] ?? item.priority}
                    </Badge>
                  )}
                </td>
                <td>{calendarDate(item.dueDate)}</td>
                <td>{presenter(item.presenterId)}</td>
                <td>{readiness(item)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
