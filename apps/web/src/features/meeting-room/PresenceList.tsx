import type { MeetingStateView } from '@app/contracts';
import { Button } from '../../ui/Button';
import { roleLabel, specialtyLabel } from '../../ui/words';
import { nameOf } from './words';

export interface SpeakingQueueProps {
  meeting: MeetingStateView;
  myUserId: string;
  /** Observers follow without taking the floor. */
  mayRaiseHand: boolean;
  /** The chair and coordinators give and release the floor. */
  mayRunMeeting: boolean;
  onCommand: (
    command: 'raise_hand' | 'lower_hand' | 'give_floor' | 'release_floor',
    userId?: string,
  ) => void;
  pending: string | null;
}

/** Who has the floor and who asked for it, in order; the chair hands it over from here. */
export function SpeakingQueue({
  meeting,
  myUserId,
  mayRaiseHand,
  mayRunMeeting,
  onCommand,
  pending,
}: SpeakingQueueProps) {
  const { raised, floor } = meeting.queue;
  const handRaised = raised.includes(myUserId);
  const live = meeting.status === 'live';
  return (
    <section className="room-queue" aria-labelledby="room-queue-title">
      <div className="room-section-head">
        <h2 id="room-queue-title">Speaking</h2>
        {mayRaiseHand && live ? (
          <Button
            size="small"
            variant={handRaised ? 'secondary' : 'primary'}
            aria-pressed={handRaised}
            isPending={pending === 'raise_hand' || pending === 'lower_hand'}
            onPress={() => onCommand(handRaised ? 'lower_hand' : 'raise_hand')}
          >
            {handRaised ? 'Lower hand' : 'Raise hand'}
          </Button>
        ) : null}
      </div>
      <p className="room-floor">
        {floor ? (
          <>
            <span className="muted">Floor: </span>
            <strong>{nameOf(meeting.presence, floor)}</strong>
            {mayRunMeeting ? (
              <Button
                size="small"
                variant="quiet"
                isPending={pending === 'release_floor'}
                onPress={() => onCommand('release_floor')}
              >
                Release floor
              </Button>
            ) : null}
          </>
        ) : (
          <span className="muted">Nobody has the floor.</span>
        )}
      </p>
      {raised.length > 0 ? (
        <ol className="room-hands" aria-label="Raised hands">
          {raised.map((userId) => (
            <li key={userId}>
              <span>✋ {nameOf(meeting.presence, userId)}</span>
              {mayRunMeeting ? (
                <Button
                  size="small"
                  variant="quiet"
                  aria-label={`Give the floor to ${nameOf(meeting.presence, userId)}`}
                  isPending={pending === `give_floor:${userId}`}
                  onPress={() => onCommand('give_floor', userId)}
                >
                  Give floor
                </Button>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

/** Who is in the room, with their role and specialty; voters marked. */
export function PresenceList({ meeting }: { meeting: MeetingStateView }) {
  const people = [...meeting.presence].sort((a, b) => a.displayName.localeCompare(b.displayName));
  return (
    <section className="room-presence" aria-labelledby="room-presence-title">
      <h2 id="room-presence-title">
        In the room <span className="muted">({people.length})</span>
      </h2>
      <ul className="room-people">
        {people.map((person) => (
          <li key={person.userId} data-user-id={person.userId}>
            <span className="room-person-name">{person.displayName}</span>
            <span className="small muted">
              {roleLabel(person.role)} · {specialtyLabel(person.specialty)}
              {person.votingRight ? '' : ' · no vote'}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
