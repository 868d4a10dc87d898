export interface MediaSettings {
  /** mediasoup workers to run (one per core by default). */
  workers: number;
  /** Address the WebRTC servers listen on. */
  listenIp: string;
  /**
   * Address announced to clients (the public or NAT address); null: the listen
   * address, or, listening on every address outside production, 127.0.0.1 and
   * the host's first network address (see `planMediaAddressing`).
   */
  announcedAddress: string | null;
  /** NODE_ENV=production: no guessing of addresses. */
  production: boolean;
  /** Worker i's WebRtcServer takes this port + i, for both UDP and TCP; null: a random port each. */
  webRtcServerPort: number | null;
  stunUrls: string[];
  turnUrls: string[];
  /** The TURN REST API shared secret (coturn `static-auth-secret`); null: no TURN. */
  turnSecret: string | null;
  turnTtlSeconds: number;
}

export const MEDIA_SETTINGS = Symbol('MediaSettings');
