/** Lifecycle of one board meeting. */
export enum MeetingStatus {
  Scheduled = 'scheduled',
  Live = 'live',
  Ended = 'ended',
  Cancelled = 'cancelled',
}

export type TransitionCheck<S> = { ok: true } | { ok: false; allowed: S[]; message: string };

const MEETING_TRANSITIONS: Readonly<Record<MeetingStatus, readonly MeetingStatus[]>> = {
  [MeetingStatus.Scheduled]: [MeetingStatus.Live, MeetingStatus.Cancelled],
  [MeetingStatus.Live]: [MeetingStatus.Ended],
  [MeetingStatus.Ended]: [],
  [MeetingStatus.Cancelled]: [],
};

export function allowedMeetingTransitions(from: MeetingStatus): MeetingStatus[] {
  return [...(MEETING_TRANSITIONS[from] ?? [])];
}

/** Staying in the same status is not a transition and is refused like any other. */
export function checkMeetingTransition(
  from: MeetingStatus,
  to: MeetingStatus,
): TransitionCheck<MeetingStatus> {
  const allowed = allowedMeetingTransitions(from);
  if (allowed.includes(to)) return { ok: true };
  const subject = `${/^[aeiou]/.test(from) ? 'an' : 'a'} ${from} meeting`;
  const message =
    allowed.length === 0
      ? `${subject} is final and cannot change status`
      : `${subject} can only become: ${allowed.join(', ')}`;
  return { ok: false, allowed, message };
}
