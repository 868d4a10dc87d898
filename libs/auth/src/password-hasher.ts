import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * Argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane):
 * about 25 ms a hash on one core, so a 2-core server still answers logins
 * under load. `needsRehash` lets stronger parameters roll in at next login.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** Compared against when the account does not exist, so timing does not reveal it. */
  private readonly decoy = argon2.hash('decoy password for timing equalisation', OPTIONS);

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, OPTIONS);
  }
}
