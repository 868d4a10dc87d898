import { useState } from 'react';
import { fieldProblem, namesAField } from '../../api/errors';
import type { BoardView, MeetingSeriesView } from '../../api/types';
import { Button } from '../../ui/Button';
import { FormError, NumberInput, SelectField, SubmitForm, TextInput } from '../../ui/fields';
import { MeetingDialog, type MeetingDialogState } from './MeetingDialog';
import {
  MeetingTimeFields,
  meetingTimeProblems,
  useMeetingTime,
  type MeetingTimeProblems,
} from './MeetingTimeFields';
import { useScheduleMeeting } from './queries';
import {
  MAX_OCCURRENCES,
  buildRrule,
  describeRecurrence,
  isLastWeekdayOfMonth,
  ordinalWord,
  parseDate,
  planSeries,
  weekOfMonth,
  weekdayName,
  type MonthlyWeek,
  type RecurrenceInput,
  type Repeat,
} from './recurrence';
import { addDaysToDate, isLocalTime, joinLocal, longDate, todayLocal } from './wallClock';
import { refusal } from './words';

const REPEAT_OPTIONS = [
  { id: 'none', label: 'Does not repeat' },
  { id: 'weekly', label: 'Every week' },
  { id: 'biweekly', label: 'Every two weeks' },
  { id: 'monthly', label: 'Every month' },
];

const END_OPTIONS = [
  { id: 'count', label: 'After a number of meetings' },
  { id: 'until', label: 'On a date' },
];

/** The server's default horizon (ScheduleMeetingDto.horizonDays). */
const DEFAULT_HORIZON_DAYS = 182;

interface Problems extends MeetingTimeProblems {
  title?: string;
  count?: string;
  until?: string;
}

/** Schedules one meeting or a recurring series, at a wall-clock time in the board's zone. */
export function ScheduleMeetingDialog({
  board,
  onScheduled,
  ...dialog
}: MeetingDialogState & {
  board: BoardView;
  onScheduled: (series: MeetingSeriesView) => void;
}) {
  return (
    <MeetingDialog
      title="Schedule a meeting"
      {...dialog}
      onDone={onScheduled}
      form={(done) => <ScheduleForm board={board} onScheduled={done} />}
    />
  );
}

function ScheduleForm({
  board,
  onScheduled,
}: {
  board: BoardView;
  onScheduled: (series: MeetingSeriesView) => void;
}) {
  const zone = board.timezone;
  const today = todayLocal(zone);
  const [title, setTitle] = useState(`${board.name} meeting`.slice(0, 200));
  const [when, change] = useMeetingTime({
    date: addDaysToDate(today, 1),
    time: '08:00',
    duration: 60,
  });
  const { date, time, duration } = when;
  const [repeat, setRepeat] = useState<'none' | Repeat>('none');
  const [monthlyWeek, setMonthlyWeek] = useState<MonthlyWeek>('nth');
  const [endKind, setEndKind] = useState<'count' | 'until'>('count');
  const [count, setCount] = useState<number | null>(6);
  const [until, setUntil] = useState(addDaysToDate(today, 90));
  const [problems, setProblems] = useState<Problems>({});

  const validDate = parseDate(date) !== null;
  const recurrence: RecurrenceInput | null =
    repeat !== 'none' && validDate
      ? {
          repeat,
          startDate: date,
          monthlyWeek,
          end:
            endKind === 'count'
              ? { kind: 'count', count: count ?? 1 }
              : { kind: 'until', date: parseDate(until) ? until : date },
        }
      : null;
  const plan = recurrence ? planSeries(recurrence, today) : null;

  const schedule = useScheduleMeeting(board.id, onScheduled);

  const submit = () => {
    const found: Problems = meetingTimeProblems(when, {
      zone,
      future: repeat === 'none',
      date: 'Enter the date of the first meeting.',
      time: 'Enter the start time, such as 07:30.',
    });
    const trimmed = title.trim();
    if (trimmed.length < 2 || trimmed.length > 200)
      found.title = 'Give the meeting a title of 2 to 200 characters.';
    if (!found.date && !found.time) {
      if (repeat !== 'none' && date < today)
        found.date = 'The first meeting of a series cannot be in the past.';
      else if (plan?.startsTooLate)
        found.date = 'A series can start at most two years ahead. Choose an earlier first date.';
    }
    if (repeat !== 'none' && endKind === 'count') {
      if (count === null || !Number.isInteger(count) || count < 1 || count > MAX_OCCURRENCES)
        found.count = `Choose between 1 and ${MAX_OCCURRENCES} meetings.`;
    }
    if (repeat !== 'none' && endKind === 'until') {
      if (!parseDate(until)) found.until = 'Enter the date of the last meeting.';
      else if (validDate && until < date) found.until = 'The series cannot end before it starts.';
    }
    setProblems(found);
    if (Object.values(found).some(Boolean) || duration === null) return;
    const body: Parameters<typeof schedule.mutate>[0] = {
      title: trimmed,
      startLocal: joinLocal(date, time),
      durationMinutes: duration,
      // Read only for a series; the generated type wants it always, so a single meeting sends the
      // server's default.
      horizonDays: plan?.horizonDays ?? DEFAULT_HORIZON_DAYS,
    };
    if (recurrence) body.rrule = buildRrule(recurrence);
    schedule.mutate(body);
  };

  const error = schedule.error;
  const fieldNamed = namesAField(error, ['title', 'startLocal', 'durationMinutes', 'rrule']);
  const weekday = validDate ? weekdayName(date) : '';
  const nth = validDate ? weekOfMonth(date) : 1;
  const offerLast = validDate && isLastWeekdayOfMonth(date) && nth === 4;

  return (
    <SubmitForm onSubmit={submit}>
      <TextInput
        label="Title"
        value={title}
        onChange={setTitle}
        maxLength={200}
        isRequired
        errorMessage={problems.title ?? fieldProblem(error, 'title')}
      />
      <p className="muted small">
        Times are in the board’s time zone, <strong>{zone}</strong>, whatever your computer’s zone.
      </p>
      <MeetingTimeFields
        when={when}
        onChange={change}
        zone={zone}
        dateLabel={repeat === 'none' ? 'Date' : 'First date'}
        timeLabel="Start time"
        problems={problems}
        error={error}
      />
      <SelectField
        label="Repeat"
        options={REPEAT_OPTIONS}
        value={repeat}
        onChange={(value) => setRepeat(value as 'none' | Repeat)}
        errorMessage={fieldProblem(error, 'rrule')}
      />
      {repeat === 'monthly' && validDate ? (
        offerLast ? (
          <SelectField
            label="Which week of the month"
            options={[
              { id: 'nth', label: `The fourth ${weekday}` },
              { id: 'last', label: `The last ${weekday}` },
            ]}
            value={monthlyWeek}
            onChange={(value) => setMonthlyWeek(value as MonthlyWeek)}
          />
        ) : (
          <p className="muted small">
            {nth === 5
              ? `Not every month has a fifth ${weekday}: the series meets on the last ${weekday} of each month.`
              : `The series meets on the ${ordinalWord(nth)} ${weekday} of each month.`}
          </p>
        )
      ) : null}
      {repeat !== 'none' ? (
        <fieldset className="group">
          <legend>Ends</legend>
          <div className="row">
            <SelectField
              label="The series ends"
              options={END_OPTIONS}
              value={endKind}
              onChange={(value) => setEndKind(value as 'count' | 'until')}
            />
            {endKind === 'count' ? (
              <NumberInput
                label="Number of meetings"
                value={count}
                onChange={setCount}
                minValue={1}
                maxValue={MAX_OCCURRENCES}
                isRequired
                errorMessage={problems.count}
              />
            ) : (
              <TextInput
                label="Last date"
                type="date"
                value={until}
                onChange={setUntil}
                isRequired
                description={
                  parseDate(until) ? `Meetings on or before ${longDate(until)}` : undefined
                }
                errorMessage={problems.until}
              />
            )}
          </div>
        </fieldset>
      ) : null}
      {recurrence ? (
        <div className="notice" aria-live="polite">
          <p>
            {describeRecurrence(recurrence)}, at {isLocalTime(time) ? time : '—'} ({zone}).
          </p>
          {!plan?.startsTooLate && (plan?.cutOffAfter || plan?.tooManyOccurrences) ? (
            <p className="small">
              The server schedules at most {MAX_OCCURRENCES} meetings, up to two years ahead, at
              once
              {plan.cutOffAfter
                ? `: meetings after ${longDate(plan.cutOffAfter)} are not created yet`
                : ''}
              . Schedule the rest later.
            </p>
          ) : null}
        </div>
      ) : null}
      <FormError message={error && !fieldNamed ? refusal(error) : null} />
      <div className="dialog-actions">
        <Button slot="close" isDisabled={schedule.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={schedule.isPending}>
          {repeat === 'none' ? 'Schedule meeting' : 'Schedule series'}
        </Button>
      </div>
    </SubmitForm>
  );
}
