import type { MeetingStateView } from '@app/contracts';
import { Badge } from '../../ui/Page';
import { Button } from '../../ui/Button';
import { clock, readTimer } from './timer';
import { AGENDA_ITEM_STATUS_LABELS } from '../../ui/words';

export interface AgendaRailProps {
  meeting: MeetingStateView;
  /** How each case is named on the agenda (its pseudonymous patient reference), by case id. */
  caseLabels: Record<string, string>;
  receivedAt: number;
  now: number;
  /** Set for those who run the meeting: focusing another case. */
  onFocus?: (itemId: string) => void;
  pendingItemId?: string | null;
}

/** The meeting's agenda in order: the focused case marked, each item's status and time. */
export function AgendaRail({
  meeting,
  caseLabels,
  receivedAt,
  now,
  onFocus,
  pendingItemId,
}: AgendaRailProps) {
  const items = [...meeting.agenda].sort(
    (a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER),
  );
  return (
    <nav className="room-rail" aria-label="Agenda">
      <h2 className="room-rail-title">Agenda</h2>
      {items.length === 0 ? <p className="muted">No cases on this agenda.</p> : null}
      <ol className="room-rail-list">
        {items.map((item, index) => {
          const focused = item.itemId === meeting.focusedItemId;
          const timer = meeting.timers.find((candidate) => candidate.itemId === item.itemId);
          const reading = timer ? readTimer(timer, receivedAt, now) : null;
          const status = AGENDA_ITEM_STATUS_LABELS[item.status];
          const label = caseLabels[item.caseId] ?? `Case ${index + 1}`;
          return (
            <li
              key={item.itemId}
              className={`room-rail-item${focused ? ' is-focused' : ''}`}
              aria-current={focused ? 'true' : undefined}
              data-item-id={item.itemId}
            >
              <div className="room-rail-head">
                <span className="room-rail-position" aria-hidden="true">
                  {item.position ?? '–'}
                </span>
                <strong className="room-rail-label">{label}</strong>
              </div>
              <div className="room-rail-facts">
                <Badge tone={status.tone}>{focused ? 'Focused' : status.label}</Badge>
                <span className={`small${reading?.overrun ? ' room-overrun' : ' muted'}`}>
                  {reading && reading.elapsed > 0
                    ? `${clock(reading.elapsed)} of ${item.minutesAllotted} min`
                    : `${item.minutesAllotted} min`}
                </span>
              </div>
              {onFocus && !focused && meeting.status === 'live' && item.status !== 'deferred' ? (
                <Button
                  size="small"
                  variant="quiet"
                  aria-label={`Focus ${label}`}
                  isPending={pendingItemId === item.itemId}
                  onPress={() => onFocus(item.itemId)}
                >
                  Focus
                </Button>
              ) : null}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
