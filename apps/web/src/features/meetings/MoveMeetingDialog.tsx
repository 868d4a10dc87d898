import { useState } from 'react';
import { namesAField } from '../../api/errors';
import type { MeetingView } from '../../api/types';
import { Button } from '../../ui/Button';
import { FormError, SubmitForm } from '../../ui/fields';
import { dateTimeInZone, durationMinutes } from '../../ui/time';
import { MeetingDialog, type MeetingDialogState } from './MeetingDialog';
import {
  MeetingTimeFields,
  meetingTimeProblems,
  useMeetingTime,
  type MeetingTimeProblems,
} from './MeetingTimeFields';
import { useMoveMeeting } from './queries';
import { joinLocal, splitLocal } from './wallClock';
import { refusal } from './words';

/** Moves one occurrence to a new local time or length; the rest of its series stays. */
export function MoveMeetingDialog({
  meeting,
  onMoved,
  ...dialog
}: MeetingDialogState & {
  meeting: MeetingView;
  onMoved: (moved: MeetingView) => void;
}) {
  return (
    <MeetingDialog
      title={`Move “${meeting.title}”`}
      {...dialog}
      onDone={onMoved}
      form={(done) => <MoveForm meeting={meeting} onMoved={done} />}
    />
  );
}

function MoveForm({
  meeting,
  onMoved,
}: {
  meeting: MeetingView;
  onMoved: (moved: MeetingView) => void;
}) {
  const zone = meeting.timezone;
  const current = splitLocal(meeting.localStart);
  const currentDuration = durationMinutes(meeting.startsAt, meeting.endsAt);
  const [when, change] = useMeetingTime({ ...current, duration: currentDuration });
  const [problems, setProblems] = useState<MeetingTimeProblems & { form?: string }>({});
  const move = useMoveMeeting(meeting.id, onMoved);

  const submit = () => {
    const startLocal = joinLocal(when.date, when.time);
    const startChanged = startLocal !== joinLocal(current.date, current.time);
    const found: typeof problems = meetingTimeProblems(when, {
      zone,
      future: startChanged,
      date: 'Enter the new date.',
      time: 'Enter the new start time, such as 07:30.',
    });
    const body: { startLocal?: string; durationMinutes?: number } = {};
    if (startChanged) body.startLocal = startLocal;
    if (when.duration !== null && when.duration !== currentDuration)
      body.durationMinutes = when.duration;
    if (!Object.values(found).some(Boolean) && Object.keys(body).length === 0)
      found.form = 'Nothing has changed: choose a new date, time or duration.';
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    move.mutate(body);
  };

  const error = move.error;
  return (
    <SubmitForm onSubmit={submit}>
      <p>
        Now: {dateTimeInZone(meeting.startsAt, zone)}, {currentDuration} minutes. Only this meeting
        moves; the others of its series stay as they are.
      </p>
      <MeetingTimeFields
        when={when}
        onChange={change}
        zone={zone}
        dateLabel="New date"
        timeLabel="New start time"
        problems={problems}
        error={error}
      />
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
        <Button slot="close" isDisabled={move.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isPending={move.isPending}>
          Move meeting
        </Button>
      </div>
    </SubmitForm>
  );
}
