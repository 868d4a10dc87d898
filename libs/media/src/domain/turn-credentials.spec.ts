import { createHmac } from 'node:crypto';
import { iceServersFor, turnCredentials } from './turn-credentials';

const NOW = new Date('2026-11-22T10:00:00.400Z');

describe('turnCredentials (TURN REST API shared secret)', () => {
  it('names the expiry in Unix seconds and the user, and signs that name with HMAC-SHA1', () => {
    const { username, credential, expiresAt } = turnCredentials('s3cret', 'user-1', NOW, 3600);
    expect(username).toBe(`${Math.floor(NOW.getTime() / 1000) + 3600}:user-1`);
    expect(expiresAt.toISOString()).toBe('2026-11-22T11:00:00.000Z');
    expect(credential).toBe(createHmac('sha1', 's3cret').update(username).digest('base64'));
  });

  it.each([
    ['another secret', 'other', 'user-1', 3600],
    ['another user', 's3cret', 'user-2', 3600],
    ['another lifetime', 's3cret', 'user-1', 60],
  ])('changes with %s', (_name, secret, user, ttl) => {
    expect(turnCredentials(secret, user, NOW, ttl).credential).not.toBe(
      turnCredentials('s3cret', 'user-1', NOW, 3600).credential,
    );
  });
});

describe('iceServersFor', () => {
  const base = { stunUrls: [], turnUrls: [], turnSecret: null, turnTtlSeconds: 600 };

  it('is empty without STUN or TURN', () => {
    expect(iceServersFor(base, 'u', NOW)).toEqual([]);
  });

  it('lists STUN without credentials and TURN with time-limited ones', () => {
    const servers = iceServersFor(
      {
        ...base,
        stunUrls: ['stun:turn.hospital.example:3478'],
        turnUrls: [
          'turn:turn.hospital.example:3478?transport=udp',
          'turns:turn.hospital.example:5349',
        ],
        turnSecret: 'k',
      },
      'u',
      NOW,
    );
    expect(servers).toEqual([
      { urls: ['stun:turn.hospital.example:3478'] },
      {
        urls: ['turn:turn.hospital.example:3478?transport=udp', 'turns:turn.hospital.example:5349'],
        username: `${Math.floor(NOW.getTime() / 1000) + 600}:u`,
        credential: expect.any(String),
      },
    ]);
  });

  it('leaves TURN out when no secret is configured', () => {
    expect(iceServersFor({ ...base, turnUrls: ['turn:x'] }, 'u', NOW)).toEqual([]);
  });
});
