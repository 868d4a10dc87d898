import { asSentence, errorMessage } from '../../api/errors';
import type { MeetingView } from '../../api/types';
import { Badge } from '../../ui/Page';
import { dateTimeInZone, durationMinutes } from '../../ui/time';

const STATUS: Record<
  MeetingView['status'],
  { label: string; tone: 'neutral' | 'info' | 'success' | 'warning' | 'danger' }
> = {
  scheduled: { label: 'Scheduled', tone: 'info' },
  live: { label: 'Live now', tone: 'success' },
  ended: { label: 'Ended', tone: 'neutral' },
  cancelled: { label: 'Cancelled', tone: 'danger' },
};

export function MeetingStatusBadge({ status }: { status: MeetingView['status'] }) {
  const { label, tone } = STATUS[status] ?? { label: status, tone: 'neutral' as const };
  return <Badge tone={tone}>{label}</Badge>;
}

/** The server's refusal as a sentence a person reads: capitalised, ending in a full stop. */
export function refusal(error: unknown): string {
  return asSentence(errorMessage(error)) || 'The request was refused.';
}

/** What a move changed, in words: "Moved to Tue 15 Dec 2026, 08:00 CET (Europe/Paris), now 30 min." */
export function moveSummary(before: MeetingView, after: MeetingView): string {
  const when = dateTimeInZone(after.startsAt, after.timezone);
  const length = durationMinutes(after.startsAt, after.endsAt);
  const lengthChanged = length !== durationMinutes(before.startsAt, before.endsAt);
  if (after.startsAt !== before.startsAt)
    return `Moved “${after.title}” to ${when}${lengthChanged ? `, now ${length} min long` : ''}.`;
  return `“${after.title}” of ${when} now lasts ${length} min.`;
}
