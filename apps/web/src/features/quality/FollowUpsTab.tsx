import { useState } from 'react';
import { Label, Link, Radio, RadioGroup } from 'react-aria-components';
import { useParams } from 'react-router';
import { boardActor, useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import type { BoardView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Badge, Card } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import {
  dueWords,
  groupFollowUps,
  isOpenForRecording,
  statusesOf,
  type FollowUpFilter,
  type FollowUpItem,
} from './followUps';
import { mayReadWrittenOpinion, mayRecordOutcomes } from './permissions';
import { useFollowUpsQuery } from './queries';
import { Recommended } from './Recommended';
import { RecordOutcomeDialog } from './RecordOutcomeDialog';
import {
  ADHERENCE_LABELS,
  DEVIATION_REASON_LABELS,
  STATUS_LABELS,
  SUBJECT_LABELS,
  dateInZone,
  intervalLabel,
  type FollowUpStatus,
} from './words';
import './quality.css';

const FILTERS: ReadonlyArray<{ id: FollowUpFilter; label: string }> = [
  { id: 'open', label: 'All open' },
  { id: 'overdue', label: 'Overdue' },
  { id: 'due', label: 'Due' },
  { id: 'upcoming', label: 'Upcoming' },
  { id: 'done', label: 'Recorded' },
];

const GROUP_WORDS: Record<FollowUpStatus, { caption: string; empty: string }> = {
  overdue: {
    caption: 'Overdue follow-ups, most overdue first',
    empty: 'Nothing is overdue.',
  },
  due: { caption: 'Follow-ups due now, most overdue first', empty: 'Nothing is due now.' },
  upcoming: { caption: 'Upcoming follow-ups, soonest first', empty: 'Nothing is coming up.' },
  done: { caption: 'Recorded outcomes, latest first', empty: 'No outcome has been recorded yet.' },
};

/**
 * The board's outcome follow-ups: for every published recommendation and delivered second
 * opinion, whether it was carried out, asked at set intervals after publication. Overdue ones
 * first, most overdue first; coordinators and the chair record the outcome.
 */
export function FollowUpsTab() {
  const { boardId = '' } = useParams();
  const board = useBoardQuery(boardId);
  return (
    <Card title="Outcome follow-ups">
      <QueryView query={board} loadingLabel="Loading board…">
        {(view) => <FollowUps board={view} />}
      </QueryView>
    </Card>
  );
}

function FollowUps({ board }: { board: BoardView }) {
  const me = useMe();
  const actor = boardActor(me, board.myRole);
  const mayRecord = mayRecordOutcomes(actor);
  const mayReadOpinion = mayReadWrittenOpinion(actor);
  const followUps = useFollowUpsQuery(board.id);
  const [filter, setFilter] = useState<FollowUpFilter>('open');
  const [recording, setRecording] = useState<FollowUpItem | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);

  return (
    <div className="stack">
      <p className="muted">
        Whether each published recommendation and delivered second opinion was carried out, asked at
        set intervals after publication. A follow-up is due on its date and overdue once its grace
        period has passed.{' '}
        {mayRecord
          ? 'Record what happened once you know it.'
          : 'Coordinators and the chair record the outcomes.'}
      </p>
      <div role="status">
        {recorded ? <p className="notice notice-success">{recorded}</p> : null}
      </div>
      <QueryView query={followUps} loadingLabel="Loading follow-ups…">
        {(view) => {
          const groups = groupFollowUps(view.items);
          const count = (id: FollowUpFilter) =>
            statusesOf(id).reduce((total, status) => total + groups[status].length, 0);
          if (view.items.length === 0)
            return (
              <Empty title="No follow-ups yet">
                Follow-ups start when a recommendation is published or a second opinion delivered.
              </Empty>
            );
          return (
            <>
              <RadioGroup
                className="segmented"
                orientation="horizontal"
                value={filter}
                onChange={(value) => setFilter(value as FollowUpFilter)}
              >
                <Label className="segmented-label">Show</Label>
                <div className="segmented-options">
                  {FILTERS.map((option) => (
                    <Radio key={option.id} value={option.id} className="segmented-option">
                      {option.label} ({count(option.id)})
                    </Radio>
                  ))}
                </div>
              </RadioGroup>
              {statusesOf(filter).map((status) => (
                <FollowUpGroup
                  key={status}
                  status={status}
                  items={groups[status]}
                  asOf={view.asOf}
                  timeZone={board.timezone}
                  mayRecord={mayRecord}
                  mayReadOpinion={mayReadOpinion}
                  onRecord={(item) => {
                    setRecorded(null);
                    setRecording(item);
                  }}
                />
              ))}
            </>
          );
        }}
      </QueryView>
      {recording ? (
        <RecordOutcomeDialog
          item={recording}
          boardId={board.id}
          timeZone={board.timezone}
          mayReadOpinion={mayReadOpinion}
          onClose={() => setRecording(null)}
          onRecorded={(item) => {
            setRecording(null);
            setRecorded(
              `Recorded the ${intervalLabel(item.intervalDays)} of ${item.subject.patientRef}.`,
            );
          }}
        />
      ) : null}
    </div>
  );
}

function FollowUpGroup({
  status,
  items,
  asOf,
  timeZone,
  mayRecord,
  mayReadOpinion,
  onRecord,
}: {
  status: FollowUpStatus;
  items: readonly FollowUpItem[];
  asOf: string;
  timeZone: string;
  mayRecord: boolean;
  mayReadOpinion: boolean;
  onRecord: (item: FollowUpItem) => void;
}) {
  const headingId = `follow-ups-${status}`;
  const words = GROUP_WORDS[status];
  const recordedList = status === 'done';
  return (
    <section className="follow-up-group" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {STATUS_LABELS[status].label} <span className="muted">({items.length})</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted">{words.empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table row-headed">
            <caption className="visually-hidden">{words.caption}</caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Follow-up</th>
                <th scope="col">What was recommended</th>
                {recordedList ? (
                  <>
                    <th scope="col">Outcome</th>
                    <th scope="col">Recorded</th>
                  </>
                ) : (
                  <>
                    <th scope="col">Due</th>
                    <th scope="col">Status</th>
                    {mayRecord ? <th scope="col">Action</th> : null}
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.subject.type}:${item.subject.id}:${item.intervalDays}`}>
                  <th scope="row">
                    <SubjectLink subject={item.subject} mayReadOpinion={mayReadOpinion} />
                    <div className="muted small">{SUBJECT_LABELS[item.subject.type]}</div>
                  </th>
                  <td>{item.intervalDays} days</td>
                  <td>
                    <Recommended subject={item.subject} mayReadOpinion={mayReadOpinion} />
                  </td>
                  {recordedList ? (
                    <RecordedCells item={item} timeZone={timeZone} />
                  ) : (
                    <>
                      <td>{dateInZone(item.dueAt, timeZone)}</td>
                      <td>
                        <Badge tone={STATUS_LABELS[item.status].tone}>
                          {STATUS_LABELS[item.status].label}
                        </Badge>
                        <div className="small">{dueWords(item, asOf)}</div>
                        {item.status === 'due' ? (
                          <div className="muted small">
                            Overdue after {dateInZone(item.overdueAfter, timeZone)}
                          </div>
                        ) : null}
                      </td>
                      {mayRecord ? (
                        <td>
                          {isOpenForRecording(item, asOf) ? (
                            <Button
                              size="small"
                              variant={item.status === 'upcoming' ? 'secondary' : 'primary'}
                              onPress={() => onRecord(item)}
                              aria-label={`Record outcome: ${item.subject.patientRef}, ${intervalLabel(item.intervalDays)}`}
                            >
                              Record outcome
                            </Button>
                          ) : (
                            <span className="muted small">
                              Opens {dateInZone(item.opensAt, timeZone)}
                            </span>
                          )}
                        </td>
                      ) : null}
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The patient, linked to where the subject is read: the request (coordinators), or the case. */
function SubjectLink({
  subject,
  mayReadOpinion,
}: {
  subject: FollowUpItem['subject'];
  mayReadOpinion: boolean;
}) {
  if (subject.type === 'second_opinion' && mayReadOpinion)
    return <Link href={`/second-opinions/${subject.id}`}>{subject.patientRef}</Link>;
  if (subject.caseId) return <Link href={`/cases/${subject.caseId}`}>{subject.patientRef}</Link>;
  return <>{subject.patientRef}</>;
}

function RecordedCells({ item, timeZone }: { item: FollowUpItem; timeZone: string }) {
  const { outcome } = item;
  if (!outcome)
    return (
      <>
        <td>—</td>
        <td>—</td>
      </>
    );
  return (
    <>
      <td>
        <strong>{ADHERENCE_LABELS[outcome.adherence]}</strong>
        {outcome.deviationReason ? (
          <div>{DEVIATION_REASON_LABELS[outcome.deviationReason]}</div>
        ) : null}
        {outcome.deviationDetail ? (
          <div className="outcome-text small">{outcome.deviationDetail}</div>
        ) : null}
        {outcome.outcomeNotes ? (
          <div className="outcome-text small muted">{outcome.outcomeNotes}</div>
        ) : null}
      </td>
      <td>
        {dateInZone(outcome.recordedAt, timeZone)}
        <div className="muted small">by {outcome.recordedBy.displayName}</div>
      </td>
    </>
  );
}
