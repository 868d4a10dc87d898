import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useMe } from '../../api/context';
import { SelectField } from '../../ui/fields';
import { Badge, PageHeader } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import { calendarDate, dateTimeInZone, localZone } from '../../ui/time';
import { CASE_STATUS_LABELS, PRIORITY_LABELS, specialtyLabel } from '../../ui/words';
import { useWorklistQuery, type WorklistItemView } from './queries';
import { CompleteForm } from './RequestActions';
import { FILTER_LABELS, STATUS_LABELS, requestTitle, type WorklistFilter } from './words';
import './preparation.css';

const FILTER_OPTIONS = (Object.keys(FILTER_LABELS) as WorklistFilter[]).map((id) => ({
  id,
  label: FILTER_LABELS[id],
}));

const EMPTY: Record<WorklistFilter, { title: string; body: string }> = {
  open: {
    title: 'Nothing is waiting for you',
    body: 'When a presenter or coordinator asks your specialty, or you by name, to review a case before a meeting, it appears here.',
  },
  done: { title: 'No completed reviews yet', body: 'Requests you complete are listed here.' },
  all: {
    title: 'No preparation requests',
    body: 'Nobody has asked your specialty, or you by name, to prepare a case yet.',
  },
};

/** What is asked of me (my specialty, or me by name) across my boards, oldest due first. */
export function WorklistPage() {
  const me = useMe();
  const [filter, setFilter] = useState<WorklistFilter>('open');
  const query = useWorklistQuery(filter);
  return (
    <div className="page">
      <PageHeader
        title="Preparation requests"
        subtitle={`Reviews asked of ${specialtyLabel(me.specialty)} or of you by name, soonest due first.`}
      />
      <div className="worklist-filter">
        <SelectField
          label="Show"
          options={FILTER_OPTIONS}
          value={filter}
          onChange={(id) => setFilter(id as WorklistFilter)}
        />
      </div>
      <QueryView query={query} loadingLabel="Loading your worklist…">
        {(items) =>
          items.length === 0 ? (
            <Empty title={EMPTY[filter].title}>{EMPTY[filter].body}</Empty>
          ) : (
            <ul className="list-plain stack" aria-label="Your preparation requests">
              {items.map((item) => (
                <WorklistItem key={item.id} item={item} />
              ))}
            </ul>
          )
        }
      </QueryView>
    </div>
  );
}

function WorklistItem({ item }: { item: WorklistItemView }) {
  const me = useMe();
  const title = requestTitle(item);
  const status = STATUS_LABELS[item.status];
  const caseStatus = CASE_STATUS_LABELS[item.caseStatus] ?? {
    label: item.caseStatus,
    tone: 'neutral' as const,
  };
  return (
    <li className="card stack worklist-item">
      <h2>
        <Link href={`/cases/${item.caseId}`}>{item.patientRef}</Link>
        <span className="muted"> · {item.boardName}</span>
      </h2>
      <div className="worklist-meta">
        <strong>{title}</strong>
        <Badge tone={status.tone}>{status.label}</Badge>
        {item.casePriority !== 'routine' ? (
          <Badge tone={item.casePriority === 'emergent' ? 'danger' : 'warning'}>
            {PRIORITY_LABELS[item.casePriority] ?? item.casePriority}
          </Badge>
        ) : null}
        <Badge tone={caseStatus.tone}>Case: {caseStatus.label}</Badge>
      </div>
      <div className="worklist-meta">
        <span>
          Case due <strong>{calendarDate(item.caseDueDate)}</strong>
        </span>
        <span>
          Next meeting{' '}
          <strong>
            {item.nextMeeting
              ? dateTimeInZone(item.nextMeeting.startsAt, item.nextMeeting.timezone)
              : 'not yet on an agenda'}
          </strong>
        </span>
        <span>Asked {dateTimeInZone(item.requestedAt, localZone())}</span>
        {item.assigneeId === me.id ? <span>Asked of you by name</span> : null}
      </div>
      <p className="pre-line">{item.question}</p>
      {item.status === 'done' ? (
        <div className="notice notice-success">
          <strong>Finding{item.completedBy === me.id ? ' (yours)' : ''}:</strong>{' '}
          <span className="pre-line">{item.finding}</span>
        </div>
      ) : null}
      {item.status === 'cancelled' ? (
        <p className="muted small">Cancelled: {item.cancelledReason}</p>
      ) : null}
      {item.status === 'open' ? (
        <CompleteForm requestId={item.id} title={`${item.patientRef}, ${title}`} />
      ) : null}
    </li>
  );
}
