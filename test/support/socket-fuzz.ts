import fc from 'fast-check';
import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import {
  GATEWAY_METADATA,
  GATEWAY_OPTIONS,
  MESSAGE_MAPPING_METADATA,
  MESSAGE_METADATA,
} from '@nestjs/websockets/constants';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { NOTE_TEXT, ROOM_COMMANDS } from '@app/contracts';
import { HOSTILE_STRINGS } from './fuzz';

/** The events the gateways of a socket.io namespace subscribe to, read from Nest's own metadata. */
export function gatewayEvents(app: INestApplication, namespace: string): string[] {
  const events = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const gateway = wrapper.metatype;
      if (typeof gateway !== 'function' || !Reflect.getMetadata(GATEWAY_METADATA, gateway))
        continue;
      const options = Reflect.getMetadata(GATEWAY_OPTIONS, gateway) as
        { namespace?: string } | undefined;
      if (options?.namespace !== namespace) continue;
      const prototype = gateway.prototype as object;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler: unknown = Object.getOwnPropertyDescriptor(prototype, name)?.value;
        if (typeof handler === 'function' && Reflect.getMetadata(MESSAGE_MAPPING_METADATA, handler))
          events.add(Reflect.getMetadata(MESSAGE_METADATA, handler) as string);
      }
    }
  }
  return [...events].sort();
}

/** Event names no gateway handles, some of them names JavaScript objects already carry. */
export const UNKNOWN_EVENTS = [
  'meeting:explode',
  'vote:delete',
  'media:',
  'meeting:join ',
  'MEETING:JOIN',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'x'.repeat(2_000),
];

/** The ids a payload may name: the meeting's own, another board's, and what the room holds. */
export interface FuzzIds {
  meetingId: string;
  otherMeetingId: string;
  itemIds: string[];
  userIds: string[];
  voteId: string;
  optionIds: string[];
  /** The fuzzing socket's own transports, and producers it managed to create. */
  transportIds: string[];
  producerIds: string[];
}

/** socket.io's (and the server's) limit on one message: anything larger ends the connection. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = wrap(value);
  return value;
}

const HOSTILE_NUMBERS = [
  -1,
  0,
  -0,
  1.5,
  2 ** 31,
  2 ** 32 + 5,
  2 ** 53 + 2,
  1e21,
  -1e21,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];

/** Values built when drawn: deep nesting, prototype keys, binary attachments, oversized text. */
const HOSTILE_SHAPES: Array<() => unknown> = [
  () => nested(40, 'deep', (inner) => ({ n: inner })),
  () => nested(3_000, 'deep', (inner) => ({ n: inner })),
  () => nested(2_000, 1, (inner) => [inner]),
  () => JSON.parse('{"__proto__": {"polluted": true}}'),
  () => ({ constructor: { prototype: { polluted: true } } }),
  () => Buffer.from([0, 1, 2, 255]),
  () => new Uint8Array(1_024),
  () => Buffer.alloc(MAX_MESSAGE_BYTES + 1_000),
  () => 'x'.repeat(MAX_MESSAGE_BYTES + 1_000),
];

/** Any value of the wrong kind. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE_STRINGS),
  fc.constantFrom<unknown>(...HOSTILE_NUMBERS),
  fc.constantFrom<unknown>(null, true, false, [], {}, [null], [1, 'a']),
  fc.constantFrom(...HOSTILE_SHAPES).map((build) => build()),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
);

/** A real id (sometimes upper-case), a random one, or one of the wrong kind. */
function idFrom(ids: readonly string[]): fc.Arbitrary<unknown> {
  const known = ids.length > 0 ? ids : ['00000000-0000-4000-8000-000000000000'];
  return fc.oneof(
    { arbitrary: fc.constantFrom(...known), weight: 6 },
    { arbitrary: fc.constantFrom(...known).map((id) => id.toUpperCase()), weight: 2 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: hostile, weight: 1 },
  );
}

/** Mostly well formed, sometimes hostile. */
function field(wellFormed: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: wellFormed, weight: 5 }, { arbitrary: hostile, weight: 1 });
}

const FINGERPRINT = Array.from({ length: 32 }, (_, index) =>
  (index * 7).toString(16).padStart(2, '0').toUpperCase(),
).join(':');

const AUDIO = { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 };
const VIDEO = { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 };

const CAPABILITIES = {
  codecs: [
    { kind: 'audio', preferredPayloadType: 100, ...AUDIO },
    { kind: 'video', preferredPayloadType: 101, ...VIDEO, parameters: {} },
  ],
  headerExtensions: [],
};

/** The payload an event's contract describes, its fields mutated; null for an event not known here. */
function wellFormedFields(
  event: string,
  ids: FuzzIds,
): { fields: Record<string, fc.Arbitrary<unknown>>; required: string[] } | null {
  const meetingId = idFrom([ids.meetingId, ids.meetingId, ids.otherMeetingId]);
  const text = (maxLength: number) => fc.string({ minLength: 1, maxLength });
  const uid = fc.constantFrom('1.2.840.113619.2.55.3', '1.2.3.4', '1..2', 'x'.repeat(70));
  switch (event) {
    case 'meeting:join':
    case 'meeting:leave':
    case 'imaging:stop':
    case 'media:join':
    case 'media:leave':
      return { fields: { meetingId }, required: ['meetingId'] };
    case 'meeting:command':
      return {
        fields: {
          meetingId,
          command: fc.constantFrom(...ROOM_COMMANDS, 'explode'),
          itemId: idFrom(ids.itemIds),
          userId: idFrom(ids.userIds),
          reason: fc.oneof(text(600), fc.constant('   ')),
          undiscussed: fc.constantFrom('carry_over', 'return_to_cases', 'forget'),
        },
        required: ['meetingId', 'command'],
      };
    case 'imaging:share':
      return {
        fields: {
          meetingId,
          viewport: fc.record(
            {
              studyInstanceUid: field(uid),
              seriesInstanceUid: field(uid),
              frame: field(fc.integer({ min: -5, max: 200_000 })),
              windowCenter: field(fc.double()),
              windowWidth: field(fc.double({ min: -10, max: 5_000 })),
              zoom: field(fc.double({ min: 0, max: 200 })),
              pan: field(fc.record({ x: field(fc.double()), y: field(fc.double()) })),
              annotations: field(
                fc.array(
                  fc.record({
                    shape: field(fc.constantFrom('arrow', 'line', 'angle', 'text', 'blob')),
                    points: field(
                      fc.array(fc.tuple(fc.double(), fc.double()), { minLength: 0, maxLength: 22 }),
                    ),
                    text: field(fc.string({ maxLength: 220 })),
                  }),
                  { maxLength: 55 },
                ),
              ),
            },
            { requiredKeys: ['studyInstanceUid'] },
          ),
        },
        required: ['meetingId', 'viewport'],
      };
    case 'imaging:follow':
      return { fields: { meetingId, follow: fc.boolean() }, required: ['meetingId', 'follow'] };
    case 'vote:open':
      return {
        fields: {
          meetingId,
          question: text(1_100),
          options: fc.array(
            fc.record(
              {
                text: field(text(2_100)),
                intent: field(fc.constantFrom('curative', 'palliative', 'maybe')),
                modalities: field(
                  fc.array(
                    fc.constantFrom('surgery', 'radiotherapy', 'systemic_therapy', 'magic'),
                    {
                      maxLength: 9,
                    },
                  ),
                ),
                sequence: field(text(1_100)),
              },
              { requiredKeys: ['text', 'intent', 'modalities'] },
            ),
            { maxLength: 9 },
          ),
        },
        required: ['meetingId', 'question', 'options'],
      };
    case 'vote:cast':
      return {
        fields: {
          voteId: idFrom([ids.voteId]),
          choice: fc.oneof(idFrom(ids.optionIds), fc.constantFrom('abstain', 'ABSTAIN')),
          comment: text(2_100),
          submissionId: fc.uuid(),
        },
        required: ['voteId', 'choice', 'submissionId'],
      };
    case 'vote:close':
      return { fields: { voteId: idFrom([ids.voteId]) }, required: ['voteId'] };
    case 'media:transport':
      return {
        fields: { meetingId, direction: fc.constantFrom('send', 'recv', 'both') },
        required: ['meetingId', 'direction'],
      };
    case 'media:connect':
      return {
        fields: {
          meetingId,
          transportId: idFrom(ids.transportIds),
          dtlsParameters: fc.record(
            {
              role: field(fc.constantFrom('client', 'server', 'auto', 'both')),
              fingerprints: field(
                fc.array(
                  fc.record({
                    algorithm: field(fc.constantFrom('sha-256', 'sha-1', 'md5')),
                    value: field(fc.constantFrom(FINGERPRINT, 'zz')),
                  }),
                  { maxLength: 2 },
                ),
              ),
            },
            { requiredKeys: ['fingerprints'] },
          ),
        },
        required: ['meetingId', 'transportId', 'dtlsParameters'],
      };
    case 'media:produce': {
      const source = fc.constantFrom('camera', 'microphone', 'screen', 'hologram');
      return {
        fields: {
          meetingId,
          transportId: idFrom(ids.transportIds),
          kind: fc.constantFrom('audio', 'video', 'data'),
          rtpParameters: fc.record(
            {
              mid: field(fc.constantFrom('0', '1', '')),
              codecs: field(
                fc.constantFrom([AUDIO], [VIDEO], [], [{ ...VIDEO, payloadType: 300 }]),
              ),
              encodings: field(
                fc.array(fc.record({ ssrc: field(fc.integer({ min: -1, max: 2 ** 32 + 5 })) }), {
                  maxLength: 3,
                }),
              ),
            },
            { requiredKeys: ['codecs', 'encodings'] },
          ),
          appData: fc.record({ source: field(source) }),
          source,
        },
        required: ['meetingId', 'transportId', 'kind', 'rtpParameters'],
      };
    }
    case 'media:consume':
      return {
        fields: {
          meetingId,
          transportId: idFrom(ids.transportIds),
          producerId: idFrom(ids.producerIds),
          rtpCapabilities: field(fc.constant(CAPABILITIES)),
        },
        required: ['meetingId', 'transportId', 'producerId', 'rtpCapabilities'],
      };
    case 'media:resume':
    case 'media:pause':
      return {
        fields: { meetingId, consumerId: idFrom([]) },
        required: ['meetingId', 'consumerId'],
      };
    case 'media:layers':
      return {
        fields: {
          meetingId,
          consumerId: idFrom([]),
          spatialLayer: fc.integer({ min: -1, max: 3 }),
          temporalLayer: fc.integer({ min: -1, max: 3 }),
        },
        required: ['meetingId', 'consumerId', 'spatialLayer'],
      };
    case 'media:producer':
      return {
        fields: {
          meetingId,
          producerId: idFrom(ids.producerIds),
          action: fc.constantFrom('pause', 'resume', 'close', 'explode'),
        },
        required: ['meetingId', 'producerId', 'action'],
      };
    default:
      return null;
  }
}

/** The events this file describes a well-formed payload of; any other is fuzzed from the ids alone. */
export const DESCRIBED_EVENTS = [
  'meeting:join',
  'meeting:leave',
  'meeting:command',
  'imaging:share',
  'imaging:stop',
  'imaging:follow',
  'vote:open',
  'vote:cast',
  'vote:close',
  'media:join',
  'media:transport',
  'media:connect',
  'media:produce',
  'media:consume',
  'media:resume',
  'media:pause',
  'media:layers',
  'media:producer',
  'media:leave',
];

/** How a payload is sent: with an acknowledgement, without one, among many arguments, or alone. */
export type CallShape = 'ack' | 'no-ack' | 'many-args' | 'ack-only';

export interface FuzzCall {
  shape: CallShape;
  payload: unknown;
  /** The arguments after the payload, for `many-args`. */
  extra: unknown[];
}

/** Payloads for one event: its contract's fields mutated, dropped, or joined by unknown and prototype keys. */
export function callsFor(event: string, ids: FuzzIds): fc.Arbitrary<FuzzCall> {
  const described = wellFormedFields(event, ids);
  const fields = described?.fields ?? {
    meetingId: idFrom([ids.meetingId]),
    voteId: idFrom([ids.voteId]),
    transportId: idFrom(ids.transportIds),
    itemId: idFrom(ids.itemIds),
  };
  const mutated = Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, field(value)]),
  );
  const complete = fc.record(mutated, { requiredKeys: described?.required ?? [] });
  const payload = fc.oneof(
    { arbitrary: complete, weight: 8 },
    { arbitrary: fc.record(mutated, { requiredKeys: [] }), weight: 2 },
    { arbitrary: complete.map((value) => ({ ...value, unexpected: 'field' })), weight: 1 },
    {
      arbitrary: fc
        .tuple(complete, fc.constantFrom(...HOSTILE_SHAPES.slice(3, 5)))
        .map(([value, build]) => Object.assign(build() as object, value)),
      weight: 1,
    },
    { arbitrary: hostile, weight: 2 },
  );
  return fc.record({
    shape: fc.constantFrom<CallShape>(
      'ack',
      'ack',
      'ack',
      'ack',
      'ack',
      'ack',
      'ack',
      'no-ack',
      'many-args',
      'ack-only',
    ),
    payload,
    extra: fc.array(hostile, { minLength: 1, maxLength: 6 }),
  });
}

/** An upper bound of a payload's size as socket.io sends it (a binary attachment counts as JSON). */
export function wireBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

/** What a refusal must look like: a stable code of the client's doing, never an internal one. */
export function refusalProblem(ack: unknown): string | null {
  if (typeof ack !== 'object' || ack === null) return 'the acknowledgement is not an object';
  const { ok, error } = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (ok === true) return null;
  if (ok !== false) return 'the acknowledgement has no ok flag';
  if (typeof error?.code !== 'string' || !/^[a-z][a-z_]*$/.test(error.code))
    return 'the refusal has no code';
  if (typeof error.message !== 'string' || error.message.length === 0)
    return 'the refusal has no message';
  if (error.code === 'internal' || error.code === 'unavailable')
    return `refused as ${error.code}: ${error.message}`;
  return null;
}

// --- Yjs frames over the notes websocket (y-websocket protocol) -------------------------------

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** The close codes the notes endpoint documents for a client's bad frames. */
export const DOCUMENTED_CLOSES = [1003, 1007, 1009, 4413];

export interface YjsFrames {
  kind: string;
  frames: Uint8Array[];
  /** The close codes this kind may end with; 'open' when the connection must stay open. */
  allowed: Array<number | 'open'>;
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, step);
    encoding.writeVarUint8Array(encoder, payload);
  });
}

/** An awareness message carrying one client's state as the given JSON text. */
export function awarenessFrame(clientId: number, clock: number, json: string): Uint8Array {
  const inner = frame((encoder) => {
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  });
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, inner);
  });
}

/** A well-formed update from a new client: text inserted at the start of the note. */
export function textUpdate(text: string, format?: Record<string, unknown>): Uint8Array {
  const doc = new Y.Doc();
  doc.getText(NOTE_TEXT).insert(0, text, format);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function mutate(update: Uint8Array, edits: Array<[number, number, number]>): Uint8Array {
  const bytes = [...update];
  for (const [operation, at, value] of edits) {
    const position = at % Math.max(bytes.length, 1);
    if (operation === 0) bytes[position] = value;
    else if (operation === 1) bytes.splice(position, 0, value);
    else bytes.splice(position, 1);
  }
  return Uint8Array.from(bytes);
}

const bytes = (maxLength: number) => fc.uint8Array({ maxLength });
const noteText = fc.string({ minLength: 1, maxLength: 40 }).map((text) => `${text}\n`);

/** Frames of every kind the brief of the notes endpoint names, each with the answers it allows. */
export function yjsFrames(maxMessageBytes: number): fc.Arbitrary<YjsFrames> {
  const anyAnswer: Array<number | 'open'> = [...DOCUMENTED_CLOSES, 'open'];
  const kinds: Array<fc.Arbitrary<YjsFrames>> = [
    bytes(64).map((data) => ({ kind: 'arbitrary bytes', frames: [data], allowed: anyAnswer })),
    fc
      .tuple(
        fc.constantFrom([], [MESSAGE_SYNC], [MESSAGE_AWARENESS]),
        fc.integer({ min: 1, max: 9 }),
      )
      .map(([header, length]) => ({
        kind: 'truncated varint',
        frames: [Uint8Array.from([...header, ...Array.from({ length }, () => 0xff)])],
        allowed: [1007],
      })),
    fc
      .tuple(fc.constantFrom(SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE), bytes(96))
      .map(([step, garbage]) => ({
        kind: 'sync header with garbage',
        frames: [syncFrame(step, garbage)],
        allowed: [1007, 'open'],
      })),
    fc
      .tuple(
        noteText,
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.integer({ min: 0, max: 255 })),
          { minLength: 1, maxLength: 3 },
        ),
        fc.constantFrom(SYNC_STEP_2, SYNC_UPDATE),
      )
      .map(([text, edits, step]) => ({
        kind: 'mutated update',
        frames: [syncFrame(step, mutate(textUpdate(text, { bold: true }), edits))],
        allowed: [1007, 'open'],
      })),
    fc.tuple(noteText, fc.constantFrom(SYNC_STEP_2, SYNC_UPDATE)).map(([text, step]) => ({
      kind: 'well-formed update',
      frames: [syncFrame(step, textUpdate(text))],
      allowed: ['open'],
    })),
    fc
      .tuple(fc.nat(), fc.nat(), fc.oneof(fc.string(), fc.json(), fc.constant('{"user":')))
      .map(([clientId, clock, json]) => ({
        kind: 'awareness with garbage',
        frames: [awarenessFrame(clientId, clock, json)],
        allowed: [1007, 'open'],
      })),
    bytes(32).map((garbage) => ({
      kind: 'awareness with garbage bytes',
      frames: [
        frame((encoder) => {
          encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
          encoding.writeVarUint8Array(encoder, garbage);
        }),
      ],
      allowed: [1007, 'open'],
    })),
    fc.integer({ min: 1, max: 4 }).map((extra) => ({
      kind: 'oversized frame',
      frames: [new Uint8Array(maxMessageBytes + extra * 1_000)],
      allowed: [1009],
    })),
    fc
      .tuple(fc.constantFrom('x', 'hidden', 'prosemirror'), fc.string({ maxLength: 200 }))
      .map(([root, value]) => {
        const doc = new Y.Doc();
        doc.getMap(root).set('payload', value);
        return {
          kind: 'update to a foreign root type',
          frames: [syncFrame(SYNC_UPDATE, Y.encodeStateAsUpdate(doc))],
          allowed: [1007],
        };
      }),
    fc
      .array(
        fc.constantFrom(
          Uint8Array.of(3),
          Uint8Array.of(2, 0),
          // Sync step 1 with an empty state vector (no clients): the whole note comes back.
          Uint8Array.of(MESSAGE_SYNC, SYNC_STEP_1, 1, 0),
          Uint8Array.of(MESSAGE_SYNC, SYNC_UPDATE, 2, 0, 0),
        ),
        { minLength: 100, maxLength: 400 },
      )
      .map((frames) => ({ kind: 'flood of tiny frames', frames, allowed: ['open'] })),
  ];
  return fc.oneof(...kinds);
}
