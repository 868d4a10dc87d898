import {
  checkpointKey,
  judgeAgainstCheckpoint,
  latestCheckpoint,
  readCheckpoint,
  signCheckpoint,
} from './checkpoint';

const KEY = checkpointKey(Buffer.alloc(32, 7));
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const at = new Date('2026-12-06T10:00:00.000Z');
const DB = 'tumorboard';

describe('audit checkpoints', () => {
  it('derives its own key from the signing key', () => {
    expect(checkpointKey(Buffer.alloc(32, 7))).toEqual(KEY);
    expect(KEY).not.toEqual(Buffer.alloc(32, 7));
    expect(checkpointKey(Buffer.alloc(32, 8))).not.toEqual(KEY);
  });

  it('reads back what it signed, and nothing altered or signed with another key', () => {
    const checkpoint = signCheckpoint(KEY, {
      database: DB,
      seq: '42',
      hash: HASH_A,
      recordedAt: at,
    });
    expect(readCheckpoint(JSON.stringify(checkpoint), KEY)).toEqual(checkpoint);
    for (const altered of [
      { ...checkpoint, seq: '43' },
      { ...checkpoint, database: 'other' },
      { ...checkpoint, hash: HASH_B },
      { ...checkpoint, recordedAt: '2026-12-06T11:00:00.000Z' },
      { ...checkpoint, signature: 'c'.repeat(64) },
      signCheckpoint(checkpointKey(Buffer.alloc(32, 9)), {
        database: DB,
        seq: '42',
        hash: HASH_A,
        recordedAt: at,
      }),
    ])
      expect(readCheckpoint(JSON.stringify(altered), KEY)).toBeNull();
  });

  it.each([
    ['a torn line', '{"seq":"4'],
    ['not an object', '42'],
    ['null', 'null'],
    [
      'a seq that is not a number',
      JSON.stringify({ seq: 'x', hash: HASH_A, recordedAt: 'y', signature: HASH_A }),
    ],
    [
      'a seq of zero',
      JSON.stringify({ seq: '0', hash: HASH_A, recordedAt: 'y', signature: HASH_A }),
    ],
    [
      'a short hash',
      JSON.stringify({ database: DB, seq: '1', hash: 'ab', recordedAt: 'y', signature: HASH_A }),
    ],
    [
      'a short signature',
      JSON.stringify({ seq: '1', hash: HASH_A, recordedAt: 'y', signature: 'ab' }),
    ],
  ])('skips %s', (_name, line) => {
    expect(readCheckpoint(line, KEY)).toBeNull();
  });

  it('takes the checkpoint furthest along the chain, skipping forged lines', () => {
    const early = signCheckpoint(KEY, { database: DB, seq: '9', hash: HASH_A, recordedAt: at });
    const late = signCheckpoint(KEY, { database: DB, seq: '120', hash: HASH_B, recordedAt: at });
    const forged = { ...late, seq: '500' };
    const lines = [late, early, forged].map((checkpoint) => JSON.stringify(checkpoint));
    expect(latestCheckpoint([...lines, '{"torn'], KEY, DB)).toEqual(late);
    expect(latestCheckpoint([], KEY, DB)).toBeNull();
  });

  it('reads only the checkpoints of its own database’s log', () => {
    const other = signCheckpoint(KEY, {
      database: 'other',
      seq: '900',
      hash: HASH_A,
      recordedAt: at,
    });
    const own = signCheckpoint(KEY, { database: DB, seq: '3', hash: HASH_B, recordedAt: at });
    const lines = [other, own].map((checkpoint) => JSON.stringify(checkpoint));
    expect(latestCheckpoint(lines, KEY, DB)).toEqual(own);
    expect(latestCheckpoint(lines, KEY, 'third')).toBeNull();
  });

  describe('the chain against its latest checkpoint', () => {
    const checkpoint = signCheckpoint(KEY, {
      database: DB,
      seq: '100',
      hash: HASH_A,
      recordedAt: at,
    });

    it('holds when the entry it saw is there unchanged, whatever came after', () => {
      expect(judgeAgainstCheckpoint(checkpoint, HASH_A, '100')).toEqual({ ok: true });
      expect(judgeAgainstCheckpoint(checkpoint, HASH_A, '250')).toEqual({ ok: true });
    });

    it('names the newest entries deleted', () => {
      expect(judgeAgainstCheckpoint(checkpoint, null, '97')).toEqual({
        ok: false,
        firstMissingSeq: '98',
        reason: expect.stringMatching(
          /newest entries were deleted.*up to entry 100.*ends at entry 97/,
        ),
      });
      expect(judgeAgainstCheckpoint(checkpoint, null, null)).toMatchObject({
        ok: false,
        firstMissingSeq: '1',
        reason: expect.stringMatching(/ends at no entry at all/),
      });
    });

    it('names an entry deleted with later ones chained onto what was left', () => {
      expect(judgeAgainstCheckpoint(checkpoint, null, '130')).toEqual({
        ok: false,
        firstMissingSeq: '100',
        reason: expect.stringMatching(/entry 100, recorded by the checkpoint .* is missing/),
      });
    });

    it('names an entry replaced by another', () => {
      expect(judgeAgainstCheckpoint(checkpoint, HASH_B, '100')).toMatchObject({
        ok: false,
        firstMissingSeq: '100',
        reason: expect.stringMatching(/replaced/),
      });
    });
  });
});
