import { Label, Meter } from 'react-aria-components';
import { capacity } from './capacity';

/** The meeting's time against what its agenda allots, in a bar and in words. */
export function CapacityBar({
  usedMinutes,
  meetingMinutes,
  canFix = false,
}: {
  usedMinutes: number;
  meetingMinutes: number;
  /** Whether the reader can change the agenda or the meeting (then the warning says how). */
  canFix?: boolean;
}) {
  const state = capacity(usedMinutes, meetingMinutes);
  const fill = [
    'meter-fill',
    state.tone === 'over' ? 'over' : state.tone === 'near' || state.tone === 'full' ? 'near' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Meter
      className={`meter agenda-capacity agenda-capacity-${state.tone}`}
      value={Math.min(usedMinutes, meetingMinutes)}
      minValue={0}
      maxValue={Math.max(meetingMinutes, 1)}
      valueLabel={state.words}
    >
      <div className="meter-label">
        <Label>Meeting time</Label>
        <span className="agenda-capacity-words">{state.words}</span>
      </div>
      <div className="meter-track" aria-hidden="true">
        <div className={fill} style={{ width: `${state.percent}%` }} />
      </div>
      {state.tone === 'over' ? (
        <p className="agenda-capacity-warning small">
          The agenda runs {usedMinutes - meetingMinutes} minutes past the end of the meeting.
          {canFix ? ' Shorten cases, defer one, or lengthen the meeting.' : ''}
        </p>
      ) : null}
    </Meter>
  );
}
