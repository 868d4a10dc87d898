import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Specialty } from '@app/contracts';
import type { TokenSource } from '../../api/client';
import { ApiError } from '../../api/errors';
import { asSpecialty, specialtyColour } from './colours';
import { closeOutcome, NotesConnection, type NoteDocument } from './NotesConnection';
import { FakeCollabServer } from './testing';

const CASE: NoteDocument = { kind: 'cases', id: '00000000-0000-4000-8000-0000000000d1' };
const ME = { id: 'user-me', displayName: 'Ola Oncologist', specialty: 'medical_oncology' };

/** A session that hands out token-1, token-2… and records what was rejected. */
function session(): TokenSource & { rejected: string[] } {
  let issued = 1;
  const rejected: string[] = [];
  return {
    rejected,
    accessToken: vi.fn(async () => `token-${issued}`),
    recover: vi.fn(async (token: string) => {
      rejected.push(token);
      issued += 1;
      return `token-${issued}`;
    }),
  };
}

let server: FakeCollabServer;
let connection: NotesConnection | null = null;

function open(tokens: TokenSource = session()): NotesConnection {
  connection = new NotesConnection({
    document: CASE,
    tokens,
    user: ME,
    origin: 'wss://board.example',
    WebSocketPolyfill: server.WebSocket,
  });
  return connection;
}

/** Lets the sockets' frames and the session's promises through, and the given time pass. */
const settle = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeCollabServer();
});

afterEach(() => {
  connection?.destroy();
  connection = null;
  vi.useRealTimers();
});

describe('the close codes of the collaboration server', () => {
  it.each([
    [4001, { action: 'renew' }],
    [4401, { action: 'stop', state: { status: 'ended' } }],
    [4413, { action: 'stop', state: { status: 'refused', why: 'too_large' } }],
    [1009, { action: 'stop', state: { status: 'refused', why: 'too_large' } }],
    [1007, { action: 'stop', state: { status: 'refused', why: 'rejected' } }],
    [1003, { action: 'stop', state: { status: 'refused', why: 'rejected' } }],
    [1001, { action: 'reconnect', why: 'server_restarting' }],
    [1011, { action: 'reconnect', why: 'server_error' }],
    [1006, { action: 'reconnect', why: 'offline' }],
    [null, { action: 'reconnect', why: 'offline' }],
  ] as const)('%s → %j', (code, outcome) => {
    expect(closeOutcome(code)).toEqual(outcome);
  });
});

describe('specialty colours', () => {
  /** WCAG relative luminance of #rrggbb. */
  function luminance(hex: string): number {
    const [r, g, b] = [1, 3, 5].map((at) => {
      const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  it('gives every specialty its own colour, dark enough for a white name label', () => {
    const colours = Object.values(Specialty).map((specialty) => specialtyColour(specialty).color);
    expect(new Set(colours).size).toBe(colours.length);
    for (const colour of colours) {
      expect(1.05 / (luminance(colour) + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('tints selections with the same colour', () => {
    expect(specialtyColour(Specialty.Radiology)).toEqual({
      color: '#0f766e',
      colorLight: '#0f766e33',
    });
  });

  it('counts an unknown specialty as Other', () => {
    expect(asSpecialty('radiology')).toBe(Specialty.Radiology);
    expect(asSpecialty('astrology')).toBe(Specialty.Other);
    expect(asSpecialty(undefined)).toBe(Specialty.Other);
  });
});

describe('NotesConnection', () => {
  it('opens the document with a current token and says when it is synced', async () => {
    server.doc.getText('markdown').insert(0, '## History\n\n');
    const notes = open();
    expect(notes.getState()).toEqual({ status: 'connecting', why: null });
    await settle();
    expect(server.latest.url).toBe(`wss://board.example/collab/cases/${CASE.id}?token=token-1`);
    server.accept();
    await settle();
    expect(notes.getState()).toEqual({ status: 'synced' });
    expect(notes.text.toString()).toBe('## History\n\n');
  });

  it('announces the user with their specialty colour', () => {
    const notes = open();
    expect(notes.awareness.getLocalState()).toEqual({
      user: {
        id: ME.id,
        name: 'Ola Oncologist',
        specialty: 'medical_oncology',
        color: '#1d4ed8',
        colorLight: '#1d4ed833',
      },
    });
  });

  it('renews an expired token and reconnects the same document, sending the edits made meanwhile', async () => {
    const tokens = session();
    const notes = open(tokens);
    await settle();
    server.accept();
    await settle();
    const document = notes.doc;

    server.latest.drop(4001, 'access token expired: reconnect with a fresh one');
    expect(notes.getState()).toEqual({ status: 'reconnecting', why: 'token_expired' });
    notes.text.insert(0, 'Typed while the token was renewed');
    await settle();

    expect(tokens.rejected).toEqual(['token-1']);
    expect(server.sockets).toHaveLength(2);
    expect(server.latest.token).toBe('token-2');
    expect(server.doc.getText('markdown').toString()).toBe('');
    server.accept();
    await settle();
    expect(notes.doc).toBe(document);
    expect(server.doc.getText('markdown').toString()).toBe('Typed while the token was renewed');
    expect(notes.getState()).toEqual({ status: 'synced' });
  });

  it('keeps the edits through a lost network and sends them when it returns', async () => {
    const notes = open();
    await settle();
    server.accept();
    await settle();

    server.latest.drop(1006);
    expect(notes.getState()).toEqual({ status: 'reconnecting', why: 'offline' });
    notes.text.insert(0, 'Offline edit');
    await settle(300);
    expect(server.sockets).toHaveLength(2);
    server.latest.drop(1006);
    await settle(500);
    expect(server.sockets).toHaveLength(3);
    expect(notes.getState()).toEqual({ status: 'reconnecting', why: 'offline' });

    server.accept();
    await settle();
    expect(server.doc.getText('markdown').toString()).toBe('Offline edit');
    expect(notes.getState()).toEqual({ status: 'synced' });
  });

  it('says why the first connection is taking long', async () => {
    const notes = open();
    await settle();
    server.latest.drop(1011, 'document could not be loaded');
    expect(notes.getState()).toEqual({ status: 'connecting', why: 'server_error' });
    await settle(300);
    server.accept();
    await settle();
    expect(notes.getState()).toEqual({ status: 'synced' });
  });

  it('stops for good when the session ended', async () => {
    const notes = open();
    await settle();
    server.accept();
    await settle();
    server.latest.drop(4401, 'session ended: signed out');
    expect(notes.getState()).toEqual({ status: 'ended' });
    await settle(10_000);
    expect(server.sockets).toHaveLength(1);
  });

  it('stops when a change is refused as too large', async () => {
    const notes = open();
    await settle();
    server.accept();
    await settle();
    server.latest.drop(4413, 'document size limit reached');
    expect(notes.getState()).toEqual({ status: 'refused', why: 'too_large' });
    await settle(10_000);
    expect(server.sockets).toHaveLength(1);
  });

  it('ends when the session cannot give a token any more, and retries while it is unreachable', async () => {
    const tokens = session();
    vi.mocked(tokens.accessToken)
      .mockRejectedValueOnce(new TypeError('network error'))
      .mockRejectedValueOnce(new ApiError(401, null));
    const notes = open(tokens);
    await settle();
    expect(notes.getState()).toEqual({ status: 'connecting', why: 'offline' });
    await settle(1_000);
    expect(notes.getState()).toEqual({ status: 'ended' });
    expect(server.sockets).toHaveLength(0);
  });

  it('tells who else is in the document, once each', async () => {
    const notes = open();
    const listener = vi.fn();
    notes.subscribe(listener);
    await settle();
    server.accept();
    await settle();
    const radiologist = { id: 'user-rad', name: 'Rae Radiologist', specialty: 'radiology' };
    server.announce({ user: radiologist });
    server.announce({ user: radiologist });
    server.announce({ user: { ...ME, name: ME.displayName } });
    server.announce({ user: { id: 'user-x', name: 'Xan', specialty: 'astrology' } });
    server.announce({ cursor: null });
    await settle();
    expect(notes.getPeople()).toEqual([
      { id: 'user-rad', name: 'Rae Radiologist', specialty: 'radiology' },
      { id: 'user-x', name: 'Xan', specialty: 'other' },
    ]);
    expect(listener).toHaveBeenCalled();

    server.latest.drop(1006);
    expect(notes.getPeople()).toEqual([]);
  });

  it('closes the socket and tells nobody anything once destroyed', async () => {
    const notes = open();
    await settle();
    server.accept();
    await settle();
    const listener = vi.fn();
    notes.subscribe(listener);
    notes.destroy();
    expect(server.latest.readyState).toBe(server.latest.CLOSED);
    await settle(10_000);
    expect(server.sockets).toHaveLength(1);
    expect(listener).not.toHaveBeenCalled();
  });
});
