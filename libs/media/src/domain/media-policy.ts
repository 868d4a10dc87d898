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
