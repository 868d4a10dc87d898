import { useState } from 'react';
import { fieldProblem } from '../../api/errors';
import { NumberInput, TextInput } from '../../ui/fields';
import { parseDate } from './recurrence';
import { isLocalTime, joinLocal, longDate, nowLocal } from './wallClock';

/** When a meeting is: a date and start time on the board's wall clock, and how long it lasts. */
export interface MeetingTime {
  date: string;
  time: string;
  duration: number | null;
}

export type MeetingTimeProblems = { [Field in keyof MeetingTime]?: string | undefined };

/** The meeting time a form edits, and a change to some of its fields. */
export function useMeetingTime(initial: MeetingTime) {
  const [when, setWhen] = useState(initial);
  const change = (fields: Partial<MeetingTime>) =>
    setWhen((current) => ({ ...current, ...fields }));
  return [when, change] as const;
}

/**
 * What a meeting time is checked for before it is sent: `missing` words an empty date or time
 * for the form; a start already past on the zone's clock is refused where `future` asks (a single
 * meeting, a moved start).
 */
export function meetingTimeProblems(
  { date, time, duration }: MeetingTime,
  { zone, future, ...missing }: { zone: string; future: boolean; date: string; time: string },
): MeetingTimeProblems {
  const found: MeetingTimeProblems = {};
  if (!parseDate(date)) found.date = missing.date;
  if (!isLocalTime(time)) found.time = missing.time;
  if (duration === null || !Number.isInteger(duration) || duration < 5 || duration > 720)
    found.duration = 'A meeting lasts between 5 and 720 whole minutes.';
  if (future && !found.date && !found.time && joinLocal(date, time) <= nowLocal(zone))
    found.date = `That time has passed in ${zone}. Choose a time in the future.`;
  return found;
}

/**
 * A meeting's date, start time (on the board's clock, its zone named in the label) and duration,
 * side by side, with the form's problems and the server's (`error`) under them.
 */
export function MeetingTimeFields({
  when,
  onChange,
  zone,
  dateLabel,
  timeLabel,
  problems,
  error,
}: {
  when: MeetingTime;
  onChange: (fields: Partial<MeetingTime>) => void;
  zone: string;
  dateLabel: string;
  /** The start time's label, before the zone: "Start time" reads "Start time (Europe/Paris)". */
  timeLabel: string;
  problems: MeetingTimeProblems;
  error: unknown;
}) {
  return (
    <div className="row">
      <TextInput
        label={dateLabel}
        type="date"
        value={when.date}
        onChange={(date) => onChange({ date })}
        isRequired
        description={parseDate(when.date) ? longDate(when.date) : undefined}
        errorMessage={problems.date ?? fieldProblem(error, 'startLocal')}
      />
      <TextInput
        label={`${timeLabel} (${zone})`}
        type="time"
        value={when.time}
        onChange={(time) => onChange({ time })}
        isRequired
        errorMessage={problems.time}
      />
      <NumberInput
        label="Duration (minutes)"
        value={when.duration}
        onChange={(duration) => onChange({ duration })}
        minValue={5}
        maxValue={720}
        step={5}
        isRequired
        errorMessage={problems.duration ?? fieldProblem(error, 'durationMinutes')}
      />
    </div>
  );
}
