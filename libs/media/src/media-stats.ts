import { MediaPeerStatsView } from '@app/contracts';
import { MediaPeer } from './media-peer';

/** One peer's media figures, as the coordinators' stats route shows them. */
export type PeerStats = MediaPeerStatsView;

/** The peer's transport bitrates, and per stream bitrate, packet loss and round-trip time. */
export async function peerStats(peer: MediaPeer): Promise<PeerStats> {
  const transports = [];
  for (const transport of peer.transports.values()) {
    const [stats] = await transport.getStats();
    transports.push({
      id: transport.id,
      direction: String(transport.appData.direction),
      recvBitrate: stats?.recvBitrate ?? 0,
      sendBitrate: stats?.sendBitrate ?? 0,
    });
  }
  const producers = [];
  for (const { producer, source } of peer.producers.values()) {
    const stats = await producer.getStats();
    producers.push({ producerId: producer.id, source, ...streamFigures(stats) });
  }
  const consumers = [];
  for (const consumer of peer.consumers.values()) {
    const stats = (await consumer.getStats()).filter((s) => s.type === 'outbound-rtp');
    consumers.push({
      consumerId: consumer.id,
      producerId: consumer.producerId,
      ...streamFigures(stats),
    });
  }
  return {
    userId: peer.userId,
    socketId: peer.socketId,
    transports,
    producers,
    consumers,
  };
}

function streamFigures(
  stats: Array<{
    bitrate: number;
    packetsLost: number;
    fractionLost: number;
    roundTripTime?: number;
  }>,
) {
  return {
    bitrate: stats.reduce((sum, s) => sum + s.bitrate, 0),
    packetsLost: stats.reduce((sum, s) => sum + s.packetsLost, 0),
    fractionLost: stats.reduce((max, s) => Math.max(max, s.fractionLost), 0),
    roundTripTime: stats.find((s) => s.roundTripTime !== undefined)?.roundTripTime ?? null,
  };
}
