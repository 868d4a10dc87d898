/** A peer's network as the figures show it; `unknown` until there are figures. */
export type NetworkQuality = 'good' | 'fair' | 'poor' | 'unknown';

/** One entry of an `RTCStatsReport`, as far as it is read here. */
export interface StatsEntry {
  type: string;
  [field: string]: unknown;
}

/** Cumulative packet counters of the streams received from one producer. */
export interface StreamCounters {
  packetsLost: number;
  packetsReceived: number;
}

/** A transport's link: round-trip time, the sender's estimate of its bandwidth, loss reported back. */
export interface TransportFigures {
  rttMs: number | null;
  /** Bits per second the browser estimates it can send (send transports only). */
  availableOutgoingBitrate: number | null;
  /** The share of sent packets the far end reported lost (0–1), the worst stream's. */
  fractionLost: number | null;
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The figures of a transport's `getStats()`: its selected candidate pair and the remote reports. */
export function transportFigures(stats: Iterable<StatsEntry>): TransportFigures {
  let rttMs: number | null = null;
  let availableOutgoingBitrate: number | null = null;
  let fractionLost: number | null = null;
  let pairRank = -1;
  for (const entry of stats) {
    if (entry.type === 'candidate-pair' && entry.state === 'succeeded') {
      // The nominated pair is the one in use; another succeeded pair only if none is.
      const rank = entry.nominated === true ? 1 : 0;
      if (rank <= pairRank) continue;
      pairRank = rank;
      const rtt = numberOf(entry.currentRoundTripTime);
      rttMs = rtt === null ? null : Math.round(rtt * 1000);
      availableOutgoingBitrate = numberOf(entry.availableOutgoingBitrate);
    } else if (entry.type === 'remote-inbound-rtp') {
      const lost = numberOf(entry.fractionLost);
      if (lost !== null) fractionLost = Math.max(fractionLost ?? 0, lost);
    }
  }
  return { rttMs, availableOutgoingBitrate, fractionLost };
}

/** The received-packet counters of a consumer's `getStats()` (its inbound RTP streams). */
export function inboundCounters(stats: Iterable<StatsEntry>): StreamCounters {
  const counters: StreamCounters = { packetsLost: 0, packetsReceived: 0 };
  for (const entry of stats) {
    if (entry.type !== 'inbound-rtp') continue;
    counters.packetsLost += Math.max(0, numberOf(entry.packetsLost) ?? 0);
    counters.packetsReceived += numberOf(entry.packetsReceived) ?? 0;
  }
  return counters;
}

/**
 * The share of packets lost between two samples, over several streams (a peer's audio and video):
 * null when nothing was expected in between, or a stream has no earlier sample yet.
 */
export function lossBetween(
  samples: ReadonlyArray<{ previous: StreamCounters | undefined; current: StreamCounters }>,
): number | null {
  let lost = 0;
  let received = 0;
  for (const { previous, current } of samples) {
    if (!previous) continue;
    lost += Math.max(0, current.packetsLost - previous.packetsLost);
    received += Math.max(0, current.packetsReceived - previous.packetsReceived);
  }
  return lost + received === 0 ? null : lost / (lost + received);
}

/** Loss at or above 10 %, a round trip of half a second, or under 150 kbit/s to send is poor. */
const POOR = { loss: 0.1, rttMs: 500, bitrate: 150_000 };
/** Loss at or above 3 %, a quarter-second round trip, or under 500 kbit/s to send is fair. */
const FAIR = { loss: 0.03, rttMs: 250, bitrate: 500_000 };

/** good / fair / poor from whichever of packet loss, round-trip time and send bandwidth is known. */
export function networkQuality(figures: {
  loss?: number | null;
  rttMs?: number | null;
  availableOutgoingBitrate?: number | null;
}): NetworkQuality {
  const { loss = null, rttMs = null, availableOutgoingBitrate: bitrate = null } = figures;
  if (loss === null && rttMs === null && bitrate === null) return 'unknown';
  const reaches = (limit: typeof POOR) =>
    (loss !== null && loss >= limit.loss) ||
    (rttMs !== null && rttMs >= limit.rttMs) ||
    (bitrate !== null && bitrate < limit.bitrate);
  if (reaches(POOR)) return 'poor';
  if (reaches(FAIR)) return 'fair';
  return 'good';
}
