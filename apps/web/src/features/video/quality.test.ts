import { describe, expect, it } from 'vitest';
import {
  inboundCounters,
  lossBetween,
  networkQuality,
  transportFigures,
  type NetworkQuality,
  type StatsEntry,
} from './quality';

describe('transportFigures', () => {
  it('reads the nominated pair and the worst reported loss', () => {
    const stats: StatsEntry[] = [
      { type: 'candidate-pair', state: 'succeeded', nominated: false, currentRoundTripTime: 0.9 },
      {
        type: 'candidate-pair',
        state: 'succeeded',
        nominated: true,
        currentRoundTripTime: 0.042,
        availableOutgoingBitrate: 1_800_000,
      },
      { type: 'candidate-pair', state: 'failed', nominated: true, currentRoundTripTime: 3 },
      { type: 'remote-inbound-rtp', fractionLost: 0.01 },
      { type: 'remote-inbound-rtp', fractionLost: 0.05 },
      { type: 'outbound-rtp', packetsSent: 100 },
    ];
    expect(transportFigures(stats)).toEqual({
      rttMs: 42,
      availableOutgoingBitrate: 1_800_000,
      fractionLost: 0.05,
    });
  });

  it('knows nothing from an empty report', () => {
    expect(transportFigures([])).toEqual({
      rttMs: null,
      availableOutgoingBitrate: null,
      fractionLost: null,
    });
  });

  it('takes a succeeded pair when none is nominated', () => {
    expect(
      transportFigures([{ type: 'candidate-pair', state: 'succeeded', currentRoundTripTime: 0.3 }])
        .rttMs,
    ).toBe(300);
  });
});

describe('inboundCounters', () => {
  it('adds up the inbound streams (simulcast layers, audio and video)', () => {
    expect(
      inboundCounters([
        { type: 'inbound-rtp', packetsLost: 3, packetsReceived: 97 },
        { type: 'inbound-rtp', packetsLost: -1, packetsReceived: 50 },
        { type: 'outbound-rtp', packetsLost: 99, packetsReceived: 99 },
        { type: 'inbound-rtp' },
      ]),
    ).toEqual({ packetsLost: 3, packetsReceived: 147 });
  });
});

describe('lossBetween', () => {
  it.each<[string, Parameters<typeof lossBetween>[0], number | null]>([
    [
      'no earlier sample',
      [{ previous: undefined, current: { packetsLost: 5, packetsReceived: 95 } }],
      null,
    ],
    [
      'nothing arrived in between',
      [
        {
          previous: { packetsLost: 5, packetsReceived: 95 },
          current: { packetsLost: 5, packetsReceived: 95 },
        },
      ],
      null,
    ],
    [
      '2 lost of 100 expected',
      [
        {
          previous: { packetsLost: 0, packetsReceived: 100 },
          current: { packetsLost: 2, packetsReceived: 198 },
        },
      ],
      0.02,
    ],
    [
      'over audio and video together',
      [
        {
          previous: { packetsLost: 0, packetsReceived: 0 },
          current: { packetsLost: 10, packetsReceived: 40 },
        },
        {
          previous: { packetsLost: 0, packetsReceived: 0 },
          current: { packetsLost: 0, packetsReceived: 50 },
        },
      ],
      0.1,
    ],
    [
      'counters that went back (a new consumer) count as nothing',
      [
        {
          previous: { packetsLost: 9, packetsReceived: 900 },
          current: { packetsLost: 0, packetsReceived: 10 },
        },
      ],
      null,
    ],
  ])('%s', (_name, samples, expected) => {
    expect(lossBetween(samples)).toBe(expected);
  });
});

describe('networkQuality', () => {
  it.each<[string, Parameters<typeof networkQuality>[0], NetworkQuality]>([
    ['no figures', {}, 'unknown'],
    ['all nulls', { loss: null, rttMs: null, availableOutgoingBitrate: null }, 'unknown'],
    ['clean link', { loss: 0, rttMs: 40, availableOutgoingBitrate: 2_000_000 }, 'good'],
    ['only a short round trip', { rttMs: 80 }, 'good'],
    ['3 % loss', { loss: 0.03, rttMs: 40 }, 'fair'],
    ['a quarter-second round trip', { loss: 0, rttMs: 250 }, 'fair'],
    ['under 500 kbit/s to send', { availableOutgoingBitrate: 400_000 }, 'fair'],
    ['10 % loss', { loss: 0.1, rttMs: 40 }, 'poor'],
    ['half a second round trip', { rttMs: 500 }, 'poor'],
    ['under 150 kbit/s to send', { loss: 0, availableOutgoingBitrate: 100_000 }, 'poor'],
    [
      'the worst figure decides',
      { loss: 0.2, rttMs: 20, availableOutgoingBitrate: 3_000_000 },
      'poor',
    ],
  ])('%s', (_name, figures, quality) => {
    expect(networkQuality(figures)).toBe(quality);
  });
});
