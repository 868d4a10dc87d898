import type { types } from 'mediasoup';
import { BoardRole } from '@app/contracts';
import { MediaSource } from './domain';

/**
 * One signalling step on a meeting's media room, as data: run where the room
 * lives, on this instance or, forwarded as JSON, on the one that owns it.
 */
export type MediaCall =
  | { op: 'join'; meetingId: string; socketId: string; userId: string; role: BoardRole }
  | { op: 'transport'; meetingId: string; socketId: string; direction: 'send' | 'recv' }
  | {
      op: 'connect';
      meetingId: string;
      socketId: string;
      transportId: string;
      dtlsParameters: types.DtlsParameters;
    }
  | {
      op: 'produce';
      meetingId: string;
      socketId: string;
      transportId: string;
      kind: types.MediaKind;
      rtpParameters: types.RtpParameters;
      source: MediaSource;
    }
  | {
      op: 'consume';
      meetingId: string;
      socketId: string;
      transportId: string;
      producerId: string;
      rtpCapabilities: types.RtpCapabilities;
    }
  | {
      op: 'consumer';
      meetingId: string;
      socketId: string;
      consumerId: string;
      action: 'pause' | 'resume';
    }
  | {
      op: 'layers';
      meetingId: string;
      socketId: string;
      consumerId: string;
      layers: { spatialLayer: number; temporalLayer?: number };
    }
  | {
      op: 'producer';
      meetingId: string;
      socketId: string;
      producerId: string;
      action: 'pause' | 'resume' | 'close';
    }
  | { op: 'leave'; meetingId: string; socketId: string }
  | { op: 'close'; meetingId: string }
  | { op: 'stats'; meetingId: string };
