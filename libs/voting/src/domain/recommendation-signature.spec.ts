import { createHash, createHmac } from 'node:crypto';
import {
  HashedRecommendation,
  RecommendationSigning,
  recommendationContentHash,
  signRecommendation,
} from './recommendation-signature';

const parts: HashedRecommendation = {
  caseId: '11111111-1111-4111-8111-111111111111',
  voteId: '22222222-2222-4222-8222-222222222222',
  version: 1,
  previousVersionId: null,
  content: {
    recommendation: {
      text: 'Lobectomy',
      intent: 'curative',
      modalities: ['surgery'],
      sequence: null,
    },
    rationale: 'Stage IB, fit for surgery.',
    guidelineReferences: [{ citation: 'NCCN NSCLC 2025', evidenceCategory: '1' }],
    trialReferrals: [],
  },
  decision: {
    decidedBy: 'vote',
    tally: {
      options: [{ optionId: 'a', votes: 3, share: { votes: 3, of: 3 } }],
      abstentions: 0,
      ballotsCounted: 3,
      eligibleCount: 3,
      turnout: { votes: 3, of: 3 },
      quorum: { met: true, counted: 3, required: 3 },
      bySpecialty: [],
    },
    minorityOpinions: [],
  },
  notesSha256: 'ab'.repeat(32),
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('recommendationContentHash', () => {
  it('is the SHA-256 of the canonical JSON of the hashed parts (keys sorted at every level)', () => {
    const canonical =
      '{"caseId":"11111111-1111-4111-8111-111111111111",' +
      '"content":{"guidelineReferences":[{"citation":"NCCN NSCLC 2025","evidenceCategory":"1"}],' +
      '"rationale":"Stage IB, fit for surgery.",' +
      '"recommendation":{"intent":"curative","modalities":["surgery"],"sequence":null,"text":"Lobectomy"},' +
      '"trialReferrals":[]},' +
      '"decision":{"decidedBy":"vote","minorityOpinions":[],"tally":{"abstentions":0,"ballotsCounted":3,' +
      '"bySpecialty":[],"eligibleCount":3,' +
      '"options":[{"optionId":"a","share":{"of":3,"votes":3},"votes":3}],' +
      '"quorum":{"counted":3,"met":true,"required":3},"turnout":{"of":3,"votes":3}}},' +
      `"notesSha256":"${'ab'.repeat(32)}","previousVersionId":null,` +
      '"version":1,"voteId":"22222222-2222-4222-8222-222222222222"}';
    expect(recommendationContentHash(parts)).toBe(sha256(canonical));
  });

  it('is 64 lower-case hex digits, the same for the same parts in any key order', () => {
    const reordered: HashedRecommendation = {
      notesSha256: parts.notesSha256,
      decision: parts.decision,
      content: {
        trialReferrals: [],
        rationale: parts.content.rationale,
        recommendation: parts.content.recommendation,
        guidelineReferences: parts.content.guidelineReferences,
      },
      previousVersionId: null,
      version: 1,
      voteId: parts.voteId,
      caseId: parts.caseId,
    };
    expect(recommendationContentHash(parts)).toMatch(/^[0-9a-f]{64}$/);
    expect(recommendationContentHash(reordered)).toBe(recommendationContentHash(parts));
  });

  it('covers nothing beyond the hashed parts', () => {
    const row = { ...parts, id: 'x', status: 'draft', createdBy: 'someone' };
    expect(recommendationContentHash(row)).toBe(recommendationContentHash(parts));
  });

  it.each<[string, Partial<HashedRecommendation>]>([
    ['another case', { caseId: '11111111-1111-4111-8111-111111111112' }],
    ['another vote', { voteId: '22222222-2222-4222-8222-222222222223' }],
    ['no vote', { voteId: null }],
    ['the next version', { version: 2, previousVersionId: '33333333-3333-4333-8333-333333333333' }],
    ['another previous version', { previousVersionId: '33333333-3333-4333-8333-333333333333' }],
    ['another rationale', { content: { ...parts.content, rationale: 'Stage IB.' } }],
    [
      'a trial referral',
      {
        content: {
          ...parts.content,
          trialReferrals: [{ nctId: 'NCT04368728', title: null }],
        },
      },
    ],
    [
      'another recommended treatment',
      {
        content: {
          ...parts.content,
          recommendation: { ...parts.content.recommendation, text: 'Chemoradiation' },
        },
      },
    ],
    ['a casting vote', { decision: { ...parts.decision!, decidedBy: 'casting_vote' } }],
    ['no decision', { decision: null }],
    ['other notes', { notesSha256: 'cd'.repeat(32) }],
  ])('changes with %s', (_name, change) => {
    expect(recommendationContentHash({ ...parts, ...change })).not.toBe(
      recommendationContentHash(parts),
    );
  });
});

describe('signRecommendation', () => {
  const key = Buffer.from('a-test-signing-key-of-32-bytes!!');
  const signing: RecommendationSigning = {
    contentHash: 'ef'.repeat(32),
    signerId: '44444444-4444-4444-8444-444444444444',
    signedAt: new Date('2031-03-04T05:06:07.089Z'),
  };

  it('is the HMAC-SHA256 with the key over "<content hash>.<signer>.<ISO time>"', () => {
    expect(signRecommendation(key, signing)).toBe(
      createHmac('sha256', key)
        .update(`${'ef'.repeat(32)}.44444444-4444-4444-8444-444444444444.2031-03-04T05:06:07.089Z`)
        .digest('hex'),
    );
  });

  it('is 64 lower-case hex digits, the same for the same inputs', () => {
    expect(signRecommendation(key, signing)).toMatch(/^[0-9a-f]{64}$/);
    expect(signRecommendation(Buffer.from(key), { ...signing })).toBe(
      signRecommendation(key, signing),
    );
  });

  it('writes the time in UTC whatever zone the Date was made in', () => {
    const sameInstant = new Date('2031-03-04T06:06:07.089+01:00');
    expect(signRecommendation(key, { ...signing, signedAt: sameInstant })).toBe(
      signRecommendation(key, signing),
    );
  });

  it.each<[string, Buffer, Partial<RecommendationSigning>]>([
    ['another key', Buffer.from('another-signing-key-of-32-bytes!'), {}],
    ['another content hash', key, { contentHash: 'fe'.repeat(32) }],
    ['another signer', key, { signerId: '44444444-4444-4444-8444-444444444445' }],
    ['a millisecond later', key, { signedAt: new Date('2031-03-04T05:06:07.090Z') }],
  ])('changes with %s', (_name, otherKey, change) => {
    expect(signRecommendation(otherKey, { ...signing, ...change })).not.toBe(
      signRecommendation(key, signing),
    );
  });
});
