import { SessionEndReason } from './auth';
import { BoardRole, Specialty } from './enums';
import type { MeetingStateDelta } from './room-delta';
import {
  BallotReceiptView,
  ProposedRecommendation,
  VoteAnnouncement,
  VoteOutcomeView,
  VoteTallyView,
  VoteView,
} from './voting';

/** Every command is answered through its acknowledgement in this shape. */
export type Ack<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

export interface PresenceEntry {
  userId: string;
  displayName: string;
  role: BoardRole;
  specialty: Specialty;
  votingRight: boolean;
}

export interface QuorumView {
  quorate: boolean;
  missingSpecialties: Specialty[];
  votingMembersPresent: number;
  minVotingMembers: number;
  reasons: string[];
}

export interface LiveTimerView {
  itemId: string;
  allottedSeconds: number;
  elapsedSeconds: number;
  running: boolean;
  overrun: boolean;
  overrunSeconds: number;
}

/** An agenda item as the room shows it; deferred items keep their place in the list, without a position. */
export interface RoomAgendaItem {
  itemId: string;
  caseId: string;
  position: number | null;
  minutesAllotted: number;
  status: 'pending' | 'in_discussion' | 'discussed' | 'deferred';
}

export interface MeetingStateView {
  meetingId: string;
  status: 'scheduled' | 'live' | 'ended';
  focusedItemId: string | null;
  agenda: RoomAgendaItem[];
  timers: LiveTimerView[];
  queue: { raised: string[]; floor: string | null };
  presence: PresenceEntry[];
  quorum: QuorumView;
  /** The room's control state's version: one more for every command that changed it. */
  version: number;
  /**
   * Where this state stands in the stream of `meeting:delta` the connection's server sends: the
   * next delta to apply is the one whose `base` is this `seq`. Each server instance numbers its
   * broadcasts from a random start, so a state from another instance never matches by chance.
   */
  seq: number;
}

/** Every command of the live room, as clients send it in `meeting:command`. */
export const ROOM_COMMANDS = [
  'start',
  'end',
  'focus',
  'next',
  'previous',
  'raise_hand',
  'lower_hand',
  'give_floor',
  'release_floor',
  'mark_discussed',
  'defer',
] as const;

export type RoomCommandName = (typeof ROOM_COMMANDS)[number];

/**
 * What ending a meeting does with the cases it did not discuss (pending or in discussion):
 * `carry_over` defers each to the board's next scheduled meeting, `return_to_cases` takes
 * each off the agenda so a coordinator can put it on a later one.
 */
export type UndiscussedChoice = 'carry_over' | 'return_to_cases';

export const UNDISCUSSED_CHOICES: readonly UndiscussedChoice[] = ['carry_over', 'return_to_cases'];

/** The presenter's view of the focused case's imaging, relayed to followers (latest state wins). */
export interface ImagingViewport {
  studyInstanceUid: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  frame?: number;
  windowCenter?: number;
  windowWidth?: number;
  zoom?: number;
  pan?: { x: number; y: number };
  annotations?: ImagingAnnotation[];
}

/**
 * A mark on the shared images. `line` (a length measurement) and `angle` (three points, the vertex
 * second) name the slice they were drawn on (`sopInstanceUid`, `frame` 1-based) and give `points`
 * in that image's pixel coordinates (column, row), so every viewer draws and measures them alike.
 */
export interface ImagingAnnotation {
  shape: 'arrow' | 'line' | 'angle' | 'circle' | 'rectangle' | 'text';
  points: Array<[number, number]>;
  text?: string;
  sopInstanceUid?: string;
  frame?: number;
}

export interface ImagingUpdate {
  meetingId: string;
  from: string;
  viewport: ImagingViewport;
  sentAt: string;
}

export interface ClientToServerEvents {
  'meeting:join': (
    payload: { meetingId: string },
    ack: (result: Ack<{ state: MeetingStateView }>) => void,
  ) => void;
  'meeting:leave': (payload: { meetingId: string }, ack: (result: Ack) => void) => void;
  'meeting:command': (
    payload: {
      meetingId: string;
      command: RoomCommandName;
      /** focus: required; mark_discussed and defer: defaults to the focused item. */
      itemId?: string;
      /** give_floor: whom. */
      userId?: string;
      /**
       * defer: why, recorded on the agenda. end: required with `undiscussed`, recorded on
       * every case it carries over or returns. Trimmed, 1 to 500 characters.
       */
      reason?: string;
      /**
       * end only: what becomes of the cases not discussed. Ending with any left and no
       * choice is refused with `undiscussed_items`; with none left it is not needed.
       */
      undiscussed?: UndiscussedChoice;
    },
    ack: (result: Ack<{ state: MeetingStateView }>) => void,
  ) => void;
  'imaging:share': (
    payload: { meetingId: string; viewport: ImagingViewport },
    ack: (result: Ack) => void,
  ) => void;
  /** The sharer (or the chair, or a coordinator) ends the share: followers are told `imaging:stopped`. */
  'imaging:stop': (payload: { meetingId: string }, ack: (result: Ack) => void) => void;
  'imaging:follow': (
    payload: { meetingId: string; follow: boolean },
    ack: (result: Ack<{ latest: ImagingUpdate | null }>) => void,
  ) => void;
  /** Chair, presenter or coordinator: a vote on the focused case; eligible are the voting members present. */
  'vote:open': (
    payload: {
      meetingId: string;
      question: string;
      options: Array<Omit<ProposedRecommendation, 'sequence'> & { sequence?: string }>;
    },
    ack: (result: Ack<{ vote: VoteView }>) => void,
  ) => void;
  /** `choice`: an option id or "abstain"; a retry with the same `submissionId` is recorded once. */
  'vote:cast': (
    payload: { voteId: string; choice: string; comment?: string; submissionId: string },
    ack: (result: Ack<{ receipt: BallotReceiptView }>) => void,
  ) => void;
  'vote:close': (
    payload: { voteId: string },
    ack: (result: Ack<{ vote: VoteView }>) => void,
  ) => void;
  /**
   * Video: mediasoup signalling, for members present in the meeting. Payloads
   * and answers are mediasoup-client's own shapes, so a client passes them
   * through: `media:transport`'s `transport` to `device.create{Send,Recv}Transport()`;
   * the send transport's `connect` event `{ dtlsParameters }` and `produce`
   * event `{ kind, rtpParameters, appData }` (with `appData.source`) are sent
   * as they are, plus `meetingId` and `transportId`, and their answers go
   * straight to the event's callback (`media:produce` answers `{ id }`);
   * `media:consume`'s `consumer` goes straight to `transport.consume()`
   * (`{ id, producerId, kind, rtpParameters, appData }`). A consumer is the
   * caller's own: another socket's consumer id is refused with `not_found`.
   */
  'media:join': (
    payload: { meetingId: string },
    ack: (
      result: Ack<{
        routerRtpCapabilities: object;
        iceServers: Array<{ urls: string[]; username?: string; credential?: string }>;
        producers: MediaProducerInfo[];
      }>,
    ) => void,
  ) => void;
  'media:transport': (
    payload: { meetingId: string; direction: 'send' | 'recv' },
    ack: (
      result: Ack<{
        transport: {
          id: string;
          iceParameters: object;
          iceCandidates: object[];
          dtlsParameters: object;
        };
      }>,
    ) => void,
  ) => void;
  'media:connect': (
    payload: { meetingId: string; transportId: string; dtlsParameters: object },
    ack: (result: Ack) => void,
  ) => void;
  'media:produce': (
    payload: {
      meetingId: string;
      transportId: string;
      kind: 'audio' | 'video';
      rtpParameters: object;
      /** What mediasoup-client's `produce` event carries: the app data given to `transport.produce()`. */
      appData?: { source?: MediaSourceName; [key: string]: unknown };
      /** Earlier clients name the source here instead of `appData.source`; one of the two is required. */
      source?: MediaSourceName;
    },
    /** `id` (= `producerId`) is what the `produce` event's callback expects. */
    ack: (result: Ack<{ producerId: string; id: string }>) => void,
  ) => void;
  /** The consumer starts paused: resume it with `media:resume` once the client has set it up. */
  'media:consume': (
    payload: {
      meetingId: string;
      transportId: string;
      producerId: string;
      rtpCapabilities: object;
    },
    ack: (
      result: Ack<{
        /** mediasoup-client's `transport.consume()` options (`id`, …, `appData`), plus `consumerId` (= `id`) and `source`. */
        consumer: {
          id: string;
          consumerId: string;
          producerId: string;
          kind: 'audio' | 'video';
          rtpParameters: object;
          appData: { source: MediaSourceName };
          source: MediaSourceName;
        };
      }>,
    ) => void,
  ) => void;
  /** Starts (or restarts, after `media:pause`) the server sending one's consumer; idempotent. */
  'media:resume': (
    payload: { meetingId: string; consumerId: string },
    ack: (result: Ack) => void,
  ) => void;
  /**
   * Stops the server sending one's consumer (a video whose tile is off screen): nothing is
   * forwarded until `media:resume`. Idempotent; the consumer and its transport stay open.
   */
  'media:pause': (
    payload: { meetingId: string; consumerId: string },
    ack: (result: Ack) => void,
  ) => void;
  'media:layers': (
    payload: {
      meetingId: string;
      consumerId: string;
      spatialLayer: number;
      temporalLayer?: number;
    },
    ack: (result: Ack) => void,
  ) => void;
  /** Mute (pause), unmute (resume) or stop (close) one's own stream. */
  'media:producer': (
    payload: { meetingId: string; producerId: string; action: 'pause' | 'resume' | 'close' },
    ack: (result: Ack) => void,
  ) => void;
  'media:leave': (payload: { meetingId: string }, ack: (result: Ack) => void) => void;
}

export type MediaSourceName = 'camera' | 'microphone' | 'screen';

export interface MediaProducerInfo {
  producerId: string;
  userId: string;
  source: MediaSourceName;
  kind: 'audio' | 'video';
  paused: boolean;
}

export interface ServerToClientEvents {
  /** The whole room: after a recovered connection (the join's acknowledgement carries it too). */
  'meeting:state': (state: MeetingStateView) => void;
  /**
   * What changed in the room since the state at `base` (see `applyRoomDelta`); a client whose
   * state is not at `base` missed one and joins again for a fresh state.
   */
  'meeting:delta': (delta: MeetingStateDelta) => void;
  'imaging:viewport': (update: ImagingUpdate) => void;
  /**
   * Nobody shares imaging any more in the meeting: the sharer stopped (`by`), or the room moved to
   * another case (`by` null). Viewport updates sent before `sentAt` are stale.
   */
  'imaging:stopped': (stop: { meetingId: string; by: string | null; sentAt: string }) => void;
  'vote:opened': (announcement: VoteAnnouncement) => void;
  /** While a blind vote is open, the only live figure. */
  'vote:progress': (progress: {
    voteId: string;
    ballotsReceived: number;
    eligibleCount: number;
  }) => void;
  'vote:closed': (result: {
    voteId: string;
    outcome: VoteOutcomeView;
    tally: VoteTallyView;
  }) => void;
  'media:newProducer': (producer: MediaProducerInfo) => void;
  /**
   * A producer closed (stopped, or its sender left the media): told to everyone in the meeting
   * but its sender. `consumerId` is the receiving socket's consumer of it (closed with it), or
   * null for a socket that was not receiving it; one event per consumer.
   */
  'media:producerClosed': (closed: { producerId: string; consumerId: string | null }) => void;
  'media:producerPaused': (paused: { producerId: string }) => void;
  'media:producerResumed': (resumed: { producerId: string }) => void;
  'media:activeSpeaker': (speaker: { meetingId: string; userId: string | null }) => void;
  /** The media server restarted: close the transports and join the media again. */
  'media:restart': (restart: { meetingId: string; reason: string }) => void;
  /**
   * The socket's session ended (sign-out, password change, account disabled,
   * expiry, revocation): the server disconnects it right after; sign in again.
   * Anything sent from then on is refused with `session_ended`.
   */
  'session:ended': (ended: { reason: SessionEndReason }) => void;
}

export interface AttendanceView {
  meetingId: string;
  attendees: Array<{
    userId: string;
    displayName: string;
    specialty: Specialty;
    role: BoardRole | null;
    intervals: Array<{ joinedAt: string; leftAt: string | null }>;
  }>;
  /** Who was present while each agenda item was focused, and which specialties that covered. */
  byItem: Array<{ itemId: string; userIds: string[]; specialties: Specialty[] }>;
}

/** One peer's media figures: bitrates, packet loss and round-trip time. */
export interface MediaPeerStatsView {
  userId: string;
  socketId: string;
  transports: Array<{ id: string; direction: string; recvBitrate: number; sendBitrate: number }>;
  producers: Array<{
    producerId: string;
    source: MediaSourceName;
    bitrate: number;
    packetsLost: number;
    fractionLost: number;
    roundTripTime: number | null;
  }>;
  consumers: Array<{
    consumerId: string;
    producerId: string;
    bitrate: number;
    packetsLost: number;
    fractionLost: number;
    roundTripTime: number | null;
  }>;
}

export interface MediaStatsView {
  meetingId: string;
  peers: MediaPeerStatsView[];
}
