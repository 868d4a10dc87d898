import { createHash } from 'node:crypto';
import { CommittedBallot, ballotCommitment } from './ballot-commitment';

const ballot: CommittedBallot = {
  voteId: '4a1b6f0e-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
  voterId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  sequence: 1,
  optionId: 'c0ffee00-1111-4222-8333-444455556666',
  salt: '00112233445566778899aabbccddeeff',
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('ballotCommitment', () => {
  it('is the SHA-256 of the canonical JSON of the ballot (keys sorted, no spaces)', () => {
    expect(ballotCommitment(ballot)).toBe(
      sha256(
        '{"optionId":"c0ffee00-1111-4222-8333-444455556666","salt":"00112233445566778899aabbccddeeff",' +
          '"sequence":1,"voteId":"4a1b6f0e-2c3d-4e5f-8a9b-0c1d2e3f4a5b",' +
          '"voterId":"9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"}',
      ),
    );
  });

  it('commits to an abstention as a null choice', () => {
    expect(ballotCommitment({ ...ballot, optionId: null })).toBe(
      sha256(
        '{"optionId":null,"salt":"00112233445566778899aabbccddeeff","sequence":1,' +
          '"voteId":"4a1b6f0e-2c3d-4e5f-8a9b-0c1d2e3f4a5b",' +
          '"voterId":"9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"}',
      ),
    );
  });

  it('is 64 lower-case hex digits and the same for the same ballot', () => {
    expect(ballotCommitment(ballot)).toMatch(/^[0-9a-f]{64}$/);
    expect(ballotCommitment({ ...ballot })).toBe(ballotCommitment(ballot));
  });

  it.each<[string, Partial<CommittedBallot>]>([
    ['another vote', { voteId: '4a1b6f0e-2c3d-4e5f-8a9b-0c1d2e3f4a5c' }],
    ['another voter', { voterId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1b' }],
    ['the next ballot of the same voter', { sequence: 2 }],
    ['another option', { optionId: 'c0ffee00-1111-4222-8333-444455556667' }],
    ['an abstention', { optionId: null }],
    ['another salt', { salt: '00112233445566778899aabbccddeefe' }],
  ])('changes with %s', (_name, change) => {
    expect(ballotCommitment({ ...ballot, ...change })).not.toBe(ballotCommitment(ballot));
  });

  it('ignores fields beyond the committed ones, and their order', () => {
    const reordered = {
      salt: ballot.salt,
      optionId: ballot.optionId,
      sequence: ballot.sequence,
      voterId: ballot.voterId,
      voteId: ballot.voteId,
      comment: 'not committed',
    };
    expect(ballotCommitment(reordered)).toBe(ballotCommitment(ballot));
  });
});
