import {
  HostAddress,
  MediaAddressing,
  MediaAddressingInput,
  announcedAddressProblem,
  mediaAddressingProblem,
  planMediaAddressing,
} from './media-addressing';

const lo: HostAddress = { address: '127.0.0.1', family: 'IPv4', internal: true };
const lo6: HostAddress = { address: '::1', family: 'IPv6', internal: true };
const linkLocal: HostAddress = { address: '169.254.10.1', family: 'IPv4', internal: false };
const lan6: HostAddress = { address: 'fd00::2', family: 'IPv6', internal: false };
const lan: HostAddress = { address: '192.168.1.20', family: 'IPv4', internal: false };
const docker: HostAddress = { address: '172.17.0.1', family: 'IPv4', internal: false };

const base: MediaAddressingInput = {
  listenIp: '0.0.0.0',
  announcedAddress: null,
  production: false,
  hostAddresses: [lo, lo6, lan6, lan],
};

describe('planMediaAddressing', () => {
  it.each<[string, Partial<MediaAddressingInput>, Omit<MediaAddressing, 'message'>]>([
    [
      'defaults outside production: loopback and the first network IPv4, as separate candidates',
      {},
      {
        mode: 'local_defaults',
        listen: [{ ip: '127.0.0.1' }, { ip: '192.168.1.20' }],
        announced: ['127.0.0.1', '192.168.1.20'],
        level: 'info',
      },
    ],
    [
      'defaults on :: are handled the same way',
      { listenIp: '::' },
      {
        mode: 'local_defaults',
        listen: [{ ip: '127.0.0.1' }, { ip: '192.168.1.20' }],
        announced: ['127.0.0.1', '192.168.1.20'],
        level: 'info',
      },
    ],
    [
      'the first network address in system order wins; link-local is skipped',
      { hostAddresses: [lo, linkLocal, docker, lan] },
      {
        mode: 'local_defaults',
        listen: [{ ip: '127.0.0.1' }, { ip: '172.17.0.1' }],
        announced: ['127.0.0.1', '172.17.0.1'],
        level: 'info',
      },
    ],
    [
      'a machine with no network: loopback only',
      { hostAddresses: [lo, lo6, linkLocal] },
      {
        mode: 'local_defaults',
        listen: [{ ip: '127.0.0.1' }],
        announced: ['127.0.0.1'],
        level: 'info',
      },
    ],
    [
      'production with nothing announced: unreachable',
      { production: true },
      { mode: 'unreachable', listen: [{ ip: '0.0.0.0' }], announced: ['0.0.0.0'], level: 'error' },
    ],
    [
      'an announced address is used as configured, in production or not',
      { production: true, announcedAddress: '203.0.113.7' },
      {
        mode: 'announced',
        listen: [{ ip: '0.0.0.0', announcedAddress: '203.0.113.7' }],
        announced: ['203.0.113.7'],
        level: 'info',
      },
    ],
    [
      'an announced host name',
      { announcedAddress: 'media.board.example.org' },
      {
        mode: 'announced',
        listen: [{ ip: '0.0.0.0', announcedAddress: 'media.board.example.org' }],
        announced: ['media.board.example.org'],
        level: 'info',
      },
    ],
    [
      'a specific listen address is announced as is',
      { listenIp: '10.0.0.5', production: true },
      { mode: 'listen_ip', listen: [{ ip: '10.0.0.5' }], announced: ['10.0.0.5'], level: 'info' },
    ],
    [
      'loopback only, outside production: fine for one machine',
      { listenIp: '127.0.0.1' },
      { mode: 'listen_ip', listen: [{ ip: '127.0.0.1' }], announced: ['127.0.0.1'], level: 'info' },
    ],
    [
      'loopback only, in production: a warning',
      { listenIp: '127.0.0.1', production: true },
      { mode: 'listen_ip', listen: [{ ip: '127.0.0.1' }], announced: ['127.0.0.1'], level: 'warn' },
    ],
  ])('%s', (_name, input, expected) => {
    const plan = planMediaAddressing({ ...base, ...input });
    expect(plan).toMatchObject(expected);
    expect(plan.message.length).toBeGreaterThan(0);
    if (plan.mode !== 'unreachable') {
      expect(plan.announced).not.toContain('0.0.0.0');
      expect(plan.announced).not.toContain('::');
    }
  });
});

describe('mediaAddressingProblem', () => {
  it.each<[string, Parameters<typeof mediaAddressingProblem>[0], boolean]>([
    [
      'production, 0.0.0.0, nothing announced',
      { listenIp: '0.0.0.0', announcedAddress: null, production: true, workers: 2 },
      true,
    ],
    [
      'production, ::, nothing announced',
      { listenIp: '::', announcedAddress: null, production: true, workers: 2 },
      true,
    ],
    [
      'production without video',
      { listenIp: '0.0.0.0', announcedAddress: null, production: true, workers: 0 },
      false,
    ],
    [
      'production with an announced address',
      { listenIp: '0.0.0.0', announcedAddress: '203.0.113.7', production: true, workers: 2 },
      false,
    ],
    [
      'production listening on one address',
      { listenIp: '10.0.0.5', announcedAddress: null, production: true, workers: 2 },
      false,
    ],
    [
      'development defaults',
      { listenIp: '0.0.0.0', announcedAddress: null, production: false, workers: 2 },
      false,
    ],
  ])('%s', (_name, input, refused) => {
    const problem = mediaAddressingProblem(input);
    expect(problem !== null).toBe(refused);
    if (problem) expect(problem).toContain('MEDIASOUP_ANNOUNCED_ADDRESS');
  });
});

describe('announcedAddressProblem', () => {
  it.each<[string, boolean]>([
    ['203.0.113.7', true],
    ['2001:db8::1', true],
    ['media.board.example.org', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['not a host!', false],
    ['http://media.example.org', false],
    ['-bad.example.org', false],
  ])('%s acceptable: %s', (value, ok) => {
    expect(announcedAddressProblem(value) === null).toBe(ok);
  });
});
