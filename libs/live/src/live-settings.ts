export interface LiveSettings {
  /** Several instances share presence through Redis (REDIS_URL set). */
  shared: boolean;
  /** How often an instance confirms its sockets and sweeps expired ones. */
  heartbeatMs: number;
}

export const LIVE_SETTINGS = Symbol('LiveSettings');
