import { BoardRole } from '@app/contracts';

export type MediaSource = 'camera' | 'microphone' | 'screen';

export const MEDIA_SOURCES: readonly MediaSource[] = ['camera', 'microphone', 'screen'];

/** The media kind each source must carry. */
export function kindOf(source: MediaSource): 'audio' | 'video' {
  return source === 'microphone' ? 'audio' : 'video';
}

export type ProduceDecision =
  { ok: true } | { ok: false; code: 'forbidden' | 'invalid_input'; message: string };

/**
 * Who may send what into the meeting: observers receive only; the imaging
 * screen share is for the presenter and the chair (and coordinators, who run
 * the meeting); everyone else present may send camera and microphone.
 */
export function mayProduce(role: BoardRole, source: MediaSource, kind: string): ProduceDecision {
  if (kind !== kindOf(source))
    return { ok: false, code: 'invalid_input', message: `${source} must be ${kindOf(source)}` };
  if (role === BoardRole.Observer)
    return { ok: false, code: 'forbidden', message: 'observers receive only' };
  if (
    source === 'screen' &&
    role !== BoardRole.Presenter &&
    role !== BoardRole.Chair &&
    role !== BoardRole.Coordinator
  )
    return {
      ok: false,
      code: 'forbidden',
      message: 'only the presenter or the chair shares imaging',
    };
  return { ok: true };
}

/**
 * Imaging share gets the highest consumer priority (so it keeps its bitrate
 * when a receiver's bandwidth is short), then speech, then faces.
 */
export function consumerPriority(source: MediaSource): number {
  switch (source) {
    case 'screen':
      return 255;
    case 'microphone':
      return 128;
    case 'camera':
      return 1;
  }
}

/**
 * Upper bound of what one member's send transport may push, in bits per
 * second: those who may share imaging get room for a sharp screen share on
 * top of camera and microphone.
 */
export function maxIncomingBitrate(role: BoardRole): number {
  return role === BoardRole.Presenter || role === BoardRole.Chair || role === BoardRole.Coordinator
    ? 10_000_000
    : 2_000_000;
}

/** The SSRCs of RTP parameters as the media worker reads them (unsigned 32-bit), RTX included. */
function ssrcsOf(rtpParameters: unknown): number[] {
  const encodings = (rtpParameters as { encodings?: unknown } | null)?.encodings;
  if (!Array.isArray(encodings)) return [];
  return encodings
    .flatMap((encoding: { ssrc?: unknown; rtx?: { ssrc?: unknown } } | null) => [
      encoding?.ssrc,
      encoding?.rtx?.ssrc,
    ])
    .filter((ssrc): ssrc is number => typeof ssrc === 'number')
    .map((ssrc) => ssrc >>> 0);
}

function midOf(rtpParameters: unknown): string | undefined {
  const mid = (rtpParameters as { mid?: unknown } | null)?.mid;
  return typeof mid === 'string' ? mid : undefined;
}

/**
 * Why a stream with `next` RTP parameters cannot be sent on a transport already carrying streams
 * with `sent` ones, or null: a MID, and an SSRC, name one stream on a transport (the media worker
 * refuses a second one). A client's parameters are read as they come, whatever their shape.
 */
export function rtpClash(sent: readonly unknown[], next: unknown): string | null {
  const mid = midOf(next);
  if (mid !== undefined && sent.some((parameters) => midOf(parameters) === mid))
    return `mid ${mid} is already sent on this transport`;
  const taken = new Set(sent.flatMap(ssrcsOf));
  const clash = ssrcsOf(next).find((ssrc) => taken.has(ssrc));
  return clash === undefined ? null : `ssrc ${clash} is already sent on this transport`;
}
