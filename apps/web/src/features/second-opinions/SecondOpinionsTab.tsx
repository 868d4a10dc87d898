import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useParams } from 'react-router';
import { useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import { ButtonLink } from '../../ui/Button';
import { SelectField } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { AccessProblem, Empty, ErrorState, Loading, QueryView } from '../../ui/states';
import { mayCoordinate } from './permissions';
import { useRequestsQuery, useTurnaroundWatchQuery, type SecondOpinionView } from './queries';
import { TurnaroundClockSummary } from './TurnaroundClock';
import { STATUS_LABELS, TYPE_LABELS, count, dayInZone, type RequestStatus } from './words';
import './second-opinions.css';

const ALL = 'all';
const STATUS_OPTIONS = [
  { id: ALL, label: 'All statuses' },
  ...(Object.keys(STATUS_LABELS) as RequestStatus[]).map((id) => ({
    id,
    label: STATUS_LABELS[id].label,
  })),
];

/**
 * The board's second-opinion requests for its coordinators: the turnaround watch list (at risk
 * and breached, most overdue first) above the list of every request, filtered by status.
 */
export function SecondOpinionsTab() {
  const { boardId = '' } = useParams();
  const me = useMe();
  const board = useBoardQuery(boardId);
  if (board.isPending) return <Loading label="Loading the board…" />;
  if (board.error || !board.data)
    return <ErrorState error={board.error} retry={() => void board.refetch()} />;
  if (!mayCoordinate(me, board.data.myRole))
    return (
      <AccessProblem
        status={403}
        message="Second-opinion requests are run by the board's coordinators. Reviewers find the requests assigned to them under My reviews."
      />
    );
  return <Requests boardId={boardId} timezone={board.data.timezone} />;
}

function Requests({ boardId, timezone }: { boardId: string; timezone: string }) {
  const [status, setStatus] = useState<RequestStatus | typeof ALL>(ALL);
  const requests = useRequestsQuery(boardId);
  const watch = useTurnaroundWatchQuery(boardId);
  const newRequest = (
    <ButtonLink href={`/boards/${boardId}/second-opinions/new`} variant="primary">
      New request
    </ButtonLink>
  );
  return (
    <div className="stack">
      <WatchList watch={watch} timezone={timezone} />
      <Card title="Second-opinion requests" actions={newRequest}>
        <div className="row so-filters">
          <SelectField
            label="Status"
            options={STATUS_OPTIONS}
            value={status}
            onChange={(id) => setStatus(id as RequestStatus | typeof ALL)}
          />
        </div>
        <QueryView query={requests} loadingLabel="Loading requests…">
          {(list) => {
            const shown = status === ALL ? list : list.filter((item) => item.status === status);
            if (list.length === 0)
              return (
                <Empty title="No second-opinion requests yet">
                  <div className="stack">
                    <p>
                      Take in a referral with the patient's pseudonym, the question, the first
                      opinion, the consent and the payer. Then ask the referrer for the records and
                      assign an independent reviewer.
                    </p>
                    <div>{newRequest}</div>
                  </div>
                </Empty>
              );
            if (shown.length === 0)
              return (
                <Empty title="No requests with this status">
                  Choose “All statuses” to see every request on the board.
                </Empty>
              );
            return (
              <RequestTable
                requests={shown}
                timezone={timezone}
                caption={
                  status === ALL
                    ? 'Second-opinion requests on this board'
                    : `Second-opinion requests: ${STATUS_LABELS[status].label.toLowerCase()}`
                }
              />
            );
          }}
        </QueryView>
      </Card>
    </div>
  );
}

/** At-risk and breached turnarounds, shown only when there are some. */
function WatchList({
  watch,
  timezone,
}: {
  watch: ReturnType<typeof useTurnaroundWatchQuery>;
  timezone: string;
}) {
  if (watch.isPending) return null;
  if (watch.error)
    return (
      <Card title="Turnaround watch">
        <ErrorState error={watch.error} retry={() => void watch.refetch()} />
      </Card>
    );
  const list = watch.data ?? [];
  if (list.length === 0) return null;
  const breached = list.filter((item) => item.clock.status === 'breached').length;
  return (
    <section className="card so-watch" aria-labelledby="so-watch-title">
      <div className="card-header">
        <h2 className="card-title" id="so-watch-title">
          Turnaround watch
        </h2>
        <span className="muted small">
          {count(list.length, 'request')} at risk or breached
          {breached > 0 ? `, ${breached} breached` : ''}; most overdue first
        </span>
      </div>
      <ol className="list-plain so-watch-list">
        {list.map((item) => (
          <li key={item.id} className="so-watch-item">
            <Link href={`/second-opinions/${item.id}`} className="so-watch-patient">
              {item.patient.reference}
            </Link>
            <span className="muted small">
              {TYPE_LABELS[item.type]} · received {dayInZone(item.receivedAt, timezone)}
            </span>
            <TurnaroundClockSummary clock={item.clock} layout="inline" />
          </li>
        ))}
      </ol>
    </section>
  );
}

function RequestTable({
  requests,
  timezone,
  caption,
}: {
  requests: readonly SecondOpinionView[];
  timezone: string;
  caption: string;
}) {
  return (
    <div className="table-wrap">
      <table className="table row-headed">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col">Type</th>
            <th scope="col">Priority</th>
            <th scope="col">Status</th>
            <th scope="col">Received</th>
            <th scope="col">Turnaround</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((item) => {
            const status = STATUS_LABELS[item.status];
            return (
              <tr key={item.id}>
                <th scope="row">
                  <Link href={`/second-opinions/${item.id}`}>{item.patient.reference}</Link>
                </th>
                <td>{TYPE_LABELS[item.type]}</td>
                <td>
                  {item.priority === 'urgent' ? <Badge tone="warning">Urgent</Badge> : 'Routine'}
                </td>
                <td>
                  <Badge tone={status.tone}>{status.label}</Badge>
                </td>
                <td>{dayInZone(item.receivedAt, timezone)}</td>
                <td>
                  <TurnaroundClockSummary clock={item.clock} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
