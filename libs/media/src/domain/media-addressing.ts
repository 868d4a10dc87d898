import { isIP } from 'node:net';

/** One address of this host, as `os.networkInterfaces()` lists it. */
export interface HostAddress {
  address: string;
  family: 'IPv4' | 'IPv6';
  internal: boolean;
}

export interface MediaAddressingInput {
  /** MEDIASOUP_LISTEN_IP. */
  listenIp: string;
  /** MEDIASOUP_ANNOUNCED_ADDRESS. */
  announcedAddress: string | null;
  production: boolean;
  /** This host's addresses, in the order the system lists them. */
  hostAddresses: HostAddress[];
}

/**
 * - `announced`: clients are sent MEDIASOUP_ANNOUNCED_ADDRESS (the deployment's choice);
 * - `listen_ip`: clients are sent the one address the workers listen on;
 * - `local_defaults`: listening on every address with nothing announced, outside
 *   production: each worker listens on 127.0.0.1 and on the host's first
 *   network IPv4 address, and clients are sent both (this machine and its LAN);
 * - `unreachable`: production, listening on every address, nothing announced:
 *   clients would be sent 0.0.0.0, which they can never reach (the boot refuses it).
 */
export type MediaAddressingMode = 'announced' | 'listen_ip' | 'local_defaults' | 'unreachable';

export interface MediaAddressing {
  mode: MediaAddressingMode;
  /** What each worker's WebRtcServer listens on: one UDP and one TCP socket per entry. */
  listen: Array<{ ip: string; announcedAddress?: string }>;
  /** The addresses clients find in their ICE candidates. */
  announced: string[];
  /** What the boot log and /health say about it; `warn` and `error` mean some clients cannot connect. */
  level: 'info' | 'warn' | 'error';
  message: string;
}

const LOOPBACK_V4 = '127.0.0.1';

export function isUnspecifiedAddress(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || ip === '0:0:0:0:0:0:0:0';
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

/** The first address of a real network (not loopback, not link-local 169.254/16). */
function firstNetworkIpv4(addresses: HostAddress[]): string | null {
  const found = addresses.find(
    (entry) =>
      entry.family === 'IPv4' &&
      !entry.internal &&
      !entry.address.startsWith('169.254.') &&
      isIP(entry.address) === 4,
  );
  return found?.address ?? null;
}

/**
 * The refusal at boot: in production, listening on every address with no
 * announced address sends clients 0.0.0.0 candidates and video never
 * connects, silently. Null when the configuration is usable.
 */
export function mediaAddressingProblem(input: {
  listenIp: string;
  announcedAddress: string | null;
  production: boolean;
  workers: number;
}): string | null {
  if (!input.production || input.workers === 0) return null;
  if (input.announcedAddress !== null || !isUnspecifiedAddress(input.listenIp)) return null;
  return (
    `MEDIASOUP_ANNOUNCED_ADDRESS is required when NODE_ENV=production and MEDIASOUP_LISTEN_IP is ` +
    `${input.listenIp}: clients would be given ${input.listenIp} as the video server's address and ` +
    'never connect. Set MEDIASOUP_ANNOUNCED_ADDRESS to the address clients reach this host at (or ' +
    'MEDIASOUP_LISTEN_IP to such an address of this host; MEDIASOUP_WORKERS=0 runs without video)'
  );
}

/** Where the media workers listen and what they tell clients to connect to. */
export function planMediaAddressing(input: MediaAddressingInput): MediaAddressing {
  const { listenIp, announcedAddress } = input;
  if (announcedAddress !== null) {
    return {
      mode: 'announced',
      listen: [{ ip: listenIp, announcedAddress }],
      announced: [announcedAddress],
      level: 'info',
      message: `video announced at ${announcedAddress} (MEDIASOUP_ANNOUNCED_ADDRESS)`,
    };
  }
  if (!isUnspecifiedAddress(listenIp)) {
    const local = isLoopback(listenIp);
    return {
      mode: 'listen_ip',
      listen: [{ ip: listenIp }],
      announced: [listenIp],
      level: local && input.production ? 'warn' : 'info',
      message: local
        ? `video reachable from this machine only (MEDIASOUP_LISTEN_IP=${listenIp})`
        : `video announced at ${listenIp} (MEDIASOUP_LISTEN_IP)`,
    };
  }
  if (input.production) {
    return {
      mode: 'unreachable',
      listen: [{ ip: listenIp }],
      announced: [listenIp],
      level: 'error',
      message:
        mediaAddressingProblem({ listenIp, announcedAddress, production: true, workers: 1 }) ?? '',
    };
  }
  const network = firstNetworkIpv4(input.hostAddresses);
  const ips = network ? [LOOPBACK_V4, network] : [LOOPBACK_V4];
  return {
    mode: 'local_defaults',
    listen: ips.map((ip) => ({ ip })),
    announced: ips,
    level: 'info',
    message:
      `video announced at ${ips.join(' and ')} (MEDIASOUP_LISTEN_IP=${listenIp}, no ` +
      'MEDIASOUP_ANNOUNCED_ADDRESS): reachable from this machine' +
      (network ? ' and its network' : ' only') +
      '; set MEDIASOUP_ANNOUNCED_ADDRESS for clients elsewhere',
  };
}

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** MEDIASOUP_ANNOUNCED_ADDRESS: an IP address clients can reach (never 0.0.0.0 or ::) or a host name. */
export function announcedAddressProblem(value: string): string | null {
  if (isIP(value) !== 0) {
    return isUnspecifiedAddress(value)
      ? `MEDIASOUP_ANNOUNCED_ADDRESS must be an address clients can reach, not ${value}`
      : null;
  }
  return HOSTNAME.test(value)
    ? null
    : `MEDIASOUP_ANNOUNCED_ADDRESS must be an IP address or a host name (got "${value}")`;
}
