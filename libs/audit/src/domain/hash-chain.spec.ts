import {
  AuditRecord,
  ChainVerifier,
  ChainedAuditRecord,
  GENESIS_HASH,
  chainRecords,
  hashAuditRecord,
} from './hash-chain';

function record(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    occurredAt: new Date('2026-11-22T10:00:00.000Z'),
    actorId: '6bc7a14b-d2b6-487f-8e4e-325a24a10b54',
    action: 'user.invited',
    targetType: 'user',
    targetId: 'a1b2',
    requestId: 'req-1',
    clientIp: '10.0.0.7',
    details: { email: 'x@example.org' },
    ...overrides,
  };
}

function chain(length: number): ChainedAuditRecord[] {
  const rows: ChainedAuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < length; i++) {
    const r = record({ targetId: `t${i}`, occurredAt: new Date(Date.UTC(2026, 10, 22, 10, 0, i)) });
    const hash = hashAuditRecord(prev, r);
    rows.push({ ...r, seq: String(i + 1), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

function verify(rows: ChainedAuditRecord[]) {
  const verifier = new ChainVerifier();
  for (const row of rows) {
    const result = verifier.check(row);
    if (!result.ok) return { brokenAt: row.seq, reason: result.reason };
  }
  return { brokenAt: null, checked: verifier.checked };
}

describe('hashAuditRecord', () => {
  const base = record();
  const baseHash = hashAuditRecord(GENESIS_HASH, base);

  it('is a 64-hex-digit SHA-256 and deterministic', () => {
    expect(baseHash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAuditRecord(GENESIS_HASH, record())).toBe(baseHash);
  });

  it('covers the predecessor hash', () => {
    expect(hashAuditRecord('f'.repeat(64), base)).not.toBe(baseHash);
  });

  it.each<[string, Partial<AuditRecord>]>([
    ['occurredAt', { occurredAt: new Date('2026-11-22T10:00:00.001Z') }],
    ['actorId', { actorId: null }],
    ['action', { action: 'user.updated' }],
    ['targetType', { targetType: 'case' }],
    ['targetId', { targetId: 'a1b3' }],
    ['requestId', { requestId: 'req-2' }],
    ['clientIp', { clientIp: '10.0.0.8' }],
    ['details', { details: { email: 'y@example.org' } }],
    ['details (added key)', { details: { email: 'x@example.org', extra: true } }],
  ])('changes when %s changes', (_field, change) => {
    expect(hashAuditRecord(GENESIS_HASH, record(change))).not.toBe(baseHash);
  });

  it('does not change when only the key order of details changes', () => {
    const a = record({ details: { a: 1, b: { c: 2, d: 3 } } });
    const b = record({ details: { b: { d: 3, c: 2 }, a: 1 } });
    expect(hashAuditRecord(GENESIS_HASH, a)).toBe(hashAuditRecord(GENESIS_HASH, b));
  });

  it('keeps field boundaries: moving text between fields changes the hash', () => {
    const a = record({ targetType: 'user', targetId: 'x' });
    const b = record({ targetType: 'userx', targetId: '' });
    expect(hashAuditRecord(GENESIS_HASH, a)).not.toBe(hashAuditRecord(GENESIS_HASH, b));
  });
});

describe('ChainVerifier', () => {
  it('accepts an empty chain and an intact chain', () => {
    expect(verify([])).toEqual({ brokenAt: null, checked: 0 });
    expect(verify(chain(25))).toEqual({ brokenAt: null, checked: 25 });
  });

  it('names an altered event as the first broken link', () => {
    const rows = chain(10);
    rows[4] = { ...rows[4], action: 'user.deleted' };
    expect(verify(rows)).toMatchObject({
      brokenAt: '5',
      reason: expect.stringContaining('altered'),
    });
  });

  it('detects an altered event whose hash was recomputed, at the next link', () => {
    const rows = chain(10);
    const forged = { ...rows[4], details: { email: 'forged@example.org' } };
    forged.hash = hashAuditRecord(forged.prevHash, forged);
    rows[4] = forged;
    expect(verify(rows)).toMatchObject({
      brokenAt: '6',
      reason: expect.stringContaining('prev_hash'),
    });
  });

  it('detects a removed event', () => {
    const rows = chain(10);
    rows.splice(3, 1);
    expect(verify(rows)).toMatchObject({ brokenAt: '5' });
  });

  it('detects an inserted event', () => {
    const rows = chain(6);
    const intruder = {
      ...record({ action: 'auth.login' }),
      seq: '3.5',
      prevHash: rows[2].hash,
      hash: '',
    };
    intruder.hash = hashAuditRecord(intruder.prevHash, intruder);
    rows.splice(3, 0, intruder);
    expect(verify(rows)).toMatchObject({ brokenAt: '4' });
  });

  it('detects swapped events', () => {
    const rows = chain(6);
    [rows[1], rows[2]] = [rows[2], rows[1]];
    expect(verify(rows)).toMatchObject({ brokenAt: '3' });
  });

  it('detects a first event that does not start from the genesis hash', () => {
    const rows = chain(3).slice(1);
    expect(verify(rows)).toMatchObject({ brokenAt: '2' });
  });

  it('can resume from a known hash, for batched verification', () => {
    const rows = chain(8);
    const verifier = new ChainVerifier(rows[3].hash);
    expect(rows.slice(4).every((row) => verifier.check(row).ok)).toBe(true);
  });
});

describe('chainRecords', () => {
  const records = [0, 1, 2].map((i) => record({ targetId: `t${i}` }));

  it('links each record to the one before, the first to the head it is given', () => {
    const head = 'a'.repeat(64);
    const linked = chainRecords(head, records);
    expect(linked.map((row) => row.prevHash)).toEqual([head, linked[0].hash, linked[1].hash]);
    expect(linked[2].hash).toBe(hashAuditRecord(linked[1].hash, records[2]));
    expect(linked.map((row) => row.targetId)).toEqual(['t0', 't1', 't2']);
  });

  it('makes a chain the verifier accepts, continued in batches as one', () => {
    const first = chainRecords(GENESIS_HASH, records.slice(0, 2));
    const second = chainRecords(first[1].hash, records.slice(2));
    const rows = [...first, ...second].map((row, i) => ({ ...row, seq: String(i + 1) }));
    expect(verify(rows)).toEqual({ brokenAt: null, checked: 3 });
    expect(rows.map((row) => row.hash)).toEqual(
      chainRecords(GENESIS_HASH, records).map((row) => row.hash),
    );
  });

  it('links nothing when there is nothing to link', () => {
    expect(chainRecords(GENESIS_HASH, [])).toEqual([]);
  });
});
