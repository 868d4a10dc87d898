export interface VotingSettings {
  /** HMAC key the server signs recommendation signatures with. */
  signingKey: Buffer;
  /** How often open votes past their deadline are looked for and closed. */
  deadlineSweepMs: number;
}

export const VOTING_SETTINGS = Symbol('VotingSettings');
