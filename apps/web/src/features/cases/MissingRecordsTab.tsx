import { Link } from 'react-aria-components';
import { useParams } from 'react-router';
import { useBoardMembersQuery } from '../../api/board-queries';
import { Badge, Card } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import { calendarDate } from '../../ui/time';
import { CASE_STATUS_LABELS } from '../../ui/words';
import { useMissingRecordsQuery } from './queries';
import './cases.css';

/**
 * The board's open cases that do not yet meet its readiness checklist, soonest due first, with
 * what each still lacks: the coordinator's worklist for chasing records.
 */
export function MissingRecordsTab() {
  const { boardId = '' } = useParams();
  const missing = useMissingRecordsQuery(boardId);
  const members = useBoardMembersQuery(boardId);
  const presenter = (id: string | null) => {
    if (!id) return 'No presenter yet';
    if (!members.data) return '…';
    return members.data.find((member) => member.userId === id)?.displayName ?? 'A former member';
  };

  return (
    <Card title="Missing records">
      <p className="muted">
        Cases in preparation, ready or deferred that do not meet the board's readiness checklist.
      </p>
      <QueryView query={missing} loadingLabel="Loading the worklist…">
        {(entries) =>
          entries.length === 0 ? (
            <Empty title="Nothing is missing">
              Every open case on this board meets the readiness checklist.
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="table row-headed">
                <caption className="visually-hidden">
                  Open cases with missing items, soonest due first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Patient</th>
                    <th scope="col">Status</th>
                    <th scope="col">Due</th>
                    <th scope="col">Presenter</th>
                    <th scope="col">Still missing</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => {
                    const status = CASE_STATUS_LABELS[entry.status] ?? {
                      label: entry.status,
                      tone: 'neutral' as const,
                    };
                    return (
                      <tr key={entry.caseId}>
                        <th scope="row">
                          <Link href={`/cases/${entry.caseId}`}>{entry.patientRef}</Link>
                        </th>
                        <td>
                          <Badge tone={status.tone}>{status.label}</Badge>
                        </td>
                        <td>{calendarDate(entry.dueDate)}</td>
                        <td>{presenter(entry.presenterId)}</td>
                        <td>
                          <ul className="missing-list">
                            {entry.missing.map((item) => (
                              <li key={item}>{item}</li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </Card>
  );
}
