import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import type { MeetingView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, NumberInput, TextInput } from '../../ui/fields';
import { dateTimeInZone, durationMinutes } from '../../ui/time';
import { meetingKeys } from './queries';
import { parseDate } from './recurrence';
import { isLocalTime, joinLocal, longDate, nowLocal, splitLocal } from './wallClock';
import { fieldProblem, namesAField, refusal } from './words';

/** Moves one occurrence to a new local time or length; the rest of its series stays. */
export function MoveMeetingDialog({
  meeting,
  isOpen,
  onOpenChange,
  onMoved,
}: {
  meeting: MeetingView;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onMoved: (moved: MeetingView) => void;
}) {
  return (
    <Dialog title={`Move “${meeting.title}”`} isOpen={isOpen} onOpenChange={onOpenChange}>
      <MoveForm
        meeting={meeting}
        onCancel={() => onOpenChange(false)}
        onMoved={(moved) => {
          onOpenChange(false);
          onMoved(moved);
        }}
      />
    </Dialog>
  );
}

function MoveForm({
  meeting,
  onCancel,
  onMoved,
}: {
  meeting: MeetingView;
  onCancel: () => void;
  onMoved: (moved: MeetingView) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const zone = meeting.timezone;
  const current = splitLocal(meeting.localStart);
  const currentDuration = durationMinutes(meeting.startsAt, meeting.endsAt);
  const [date, setDate] = useState(current.date);
  const [time, setTime] = useState(current.time);
  const [duration, setDuration] = useState<number | null>(currentDuration);
  const [problems, setProblems] = useState<{
    date?: string;
    time?: string;
    duration?: string;
    form?: string;
  }>({});

  const move = useMutation({
    mutationFn: (body: { startLocal?: string; durationMinutes?: number }) =>
      data(
        api.PATCH('/api/v1/meetings/{meetingId}', {
          params: { path: { meetingId: meeting.id } },
          body,
        }),
      ),
    onSuccess: async (moved) => {
      queryClient.setQueryData(meetingKeys.meeting(moved.id), moved);
      // The agenda measures its time against the meeting's length.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [...meetingKeys.meeting(moved.id), 'agenda'] }),
        queryClient.invalidateQueries({ queryKey: meetingKeys.ofBoard(moved.boardId) }),
      ]);
      onMoved(moved);
    },
  });

  const submit = () => {
    const found: typeof problems = {};
    if (!parseDate(date)) found.date = 'Enter the new date.';
    if (!isLocalTime(time)) found.time = 'Enter the new start time, such as 07:30.';
    if (duration === null || !Number.isInteger(duration) || duration < 5 || duration > 720)
      found.duration = 'A meeting lasts between 5 and 720 whole minutes.';
    const startLocal = joinLocal(date, time);
    const startChanged = startLocal !== joinLocal(current.date, current.time);
    if (!found.date && !found.time && startChanged && startLocal <= nowLocal(zone))
      found.date = `That time has passed in ${zone}. Choose a time in the future.`;
    const body: { startLocal?: string; durationMinutes?: number } = {};
    if (startChanged) body.startLocal = startLocal;
    if (duration !== null && duration !== currentDuration) body.durationMinutes = duration;
    if (!Object.values(found).some(Boolean) && Object.keys(body).length === 0)
      found.form = 'Nothing has changed: choose a new date, time or duration.';
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    move.mutate(body);
  };

  const error = move.error;
  return (
    <Form
      className="stack"
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <p>
        Now: {dateTimeInZone(meeting.startsAt, zone)}, {currentDuration} minutes. Only this meeting
        moves; the others of its series stay as they are.
      </p>
      <div className="row">
        <TextInput
          label="New date"
          type="date"
          value={date}
          onChange={setDate}
          isRequired
          description={parseDate(date) ? longDate(date) : undefined}
          errorMessage={problems.date ?? fieldProblem(error, 'startLocal', 'The start')}
        />
        <TextInput
          label={`New start time (${zone})`}
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
      <p className="muted small">
        A shorter meeting keeps its agenda: check the agenda’s time afterwards.
      </p>
      <FormError
        message={
          problems.form ??
          (error && !namesAField(error, ['startLocal', 'durationMinutes']) ? refusal(error) : null)
        }
      />
      <div className="dialog-actions">
        <Button variant="secondary" onPress={onCancel} isDisabled={move.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={move.isPending}>
          Move meeting
        </Button>
      </div>
    </Form>
  );
}
