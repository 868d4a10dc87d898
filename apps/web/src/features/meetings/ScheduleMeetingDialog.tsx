import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import type { BoardView, MeetingSeriesView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, NumberInput, SelectField, TextInput } from '../../ui/fields';
import { meetingKeys } from './queries';
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
import { addDaysToDate, isLocalTime, joinLocal, longDate, nowLocal, todayLocal } from './wallClock';
import { fieldProblem, namesAField, refusal } from './words';

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

interface Problems {
  title?: string;
  date?: string;
  time?: string;
  duration?: string;
  count?: string;
  until?: string;
}

/** Schedules one meeting or a recurring series, at a wall-clock time in the board's zone. */
export function ScheduleMeetingDialog({
  board,
  isOpen,
  onOpenChange,
  onScheduled,
}: {
  board: BoardView;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onScheduled: (series: MeetingSeriesView) => void;
}) {
  return (
    <Dialog title="Schedule a meeting" isOpen={isOpen} onOpenChange={onOpenChange}>
      <ScheduleForm
        board={board}
        onCancel={() => onOpenChange(false)}
        onScheduled={(series) => {
          onOpenChange(false);
          onScheduled(series);
        }}
      />
    </Dialog>
  );
}

function ScheduleForm({
  board,
  onCancel,
  onScheduled,
}: {
  board: BoardView;
  onCancel: () => void;
  onScheduled: (series: MeetingSeriesView) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const zone = board.timezone;
  const today = todayLocal(zone);
  const [title, setTitle] = useState(`${board.name} meeting`.slice(0, 200));
  const [date, setDate] = useState(addDaysToDate(today, 1));
  const [time, setTime] = useState('08:00');
  const [duration, setDuration] = useState<number | null>(60);
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

  const schedule = useMutation({
    mutationFn: (body: {
      title: string;
      startLocal: string;
      durationMinutes: number;
      rrule?: string;
      horizonDays: number;
    }) =>
      data(
        api.POST('/api/v1/boards/{boardId}/meetings', {
          params: { path: { boardId: board.id } },
          body,
        }),
      ),
    onSuccess: async (series) => {
      await queryClient.invalidateQueries({ queryKey: meetingKeys.ofBoard(board.id) });
      onScheduled(series);
    },
  });

  const submit = () => {
    const found: Problems = {};
    const trimmed = title.trim();
    if (trimmed.length < 2 || trimmed.length > 200)
      found.title = 'Give the meeting a title of 2 to 200 characters.';
    if (!validDate) found.date = 'Enter the date of the first meeting.';
    if (!isLocalTime(time)) found.time = 'Enter the start time, such as 07:30.';
    if (duration === null || !Number.isInteger(duration) || duration < 5 || duration > 720)
      found.duration = 'A meeting lasts between 5 and 720 whole minutes.';
    if (!found.date && !found.time) {
      if (repeat === 'none' && joinLocal(date, time) <= nowLocal(zone))
        found.date = `That time has passed in ${zone}. Choose a time in the future.`;
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
    <Form
      className="stack"
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <TextInput
        label="Title"
        value={title}
        onChange={setTitle}
        maxLength={200}
        isRequired
        errorMessage={problems.title ?? fieldProblem(error, 'title', 'The title')}
      />
      <p className="muted small">
        Times are in the board’s time zone, <strong>{zone}</strong>, whatever your computer’s zone.
      </p>
      <div className="row">
        <TextInput
          label={repeat === 'none' ? 'Date' : 'First date'}
          type="date"
          value={date}
          onChange={setDate}
          isRequired
          description={validDate ? longDate(date) : undefined}
          errorMessage={problems.date ?? fieldProblem(error, 'startLocal', 'The start')}
        />
        <TextInput
          label={`Start time (${zone})`}
          type="time"
          value={time}
          onChange={setTime}
          isRequired
          errorMessage={problems.time}
        />
        <NumberInput
          label="Duration (minutes)"
          value={duration}
          onChange={setDuration}
          minValue={5}
          maxValue={720}
          step={5}
          isRequired
          errorMessage={problems.duration ?? fieldProblem(error, 'durationMinutes', 'The duration')}
        />
      </div>
      <SelectField
        label="Repeat"
        options={REPEAT_OPTIONS}
        value={repeat}
        onChange={(value) => setRepeat(value as 'none' | Repeat)}
        errorMessage={fieldProblem(error, 'rrule', 'The repeat rule')}
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
        <Button variant="secondary" onPress={onCancel} isDisabled={schedule.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={schedule.isPending}>
          {repeat === 'none' ? 'Schedule meeting' : 'Schedule series'}
        </Button>
      </div>
    </Form>
  );
}
