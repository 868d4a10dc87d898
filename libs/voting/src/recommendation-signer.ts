import { Inject, Injectable } from '@nestjs/common';
import { AuthenticatedUser, UsersService } from '@app/auth';
import { Clock, InvalidInput, Unauthenticated } from '@app/core';
import { signRecommendation } from './domain';
import { VOTING_SETTINGS, VotingSettings } from './voting-settings';

/**
 * The chair's signature on a recommendation: their password, re-entered and checked, then an
 * HMAC with the server's signing key over the content hash, the signer and the time
 * (`signRecommendation`).
 */
@Injectable()
export class RecommendationSigner {
  constructor(
    private readonly users: UsersService,
    @Inject(VOTING_SETTINGS) private readonly settings: VotingSettings,
    private readonly clock: Clock,
  ) {}

  /**
   * The signer's password, checked (a failure is audited once, by the check). A wrong one is a
   * mistake in the form, answered on its field like a wrong current password when changing it:
   * the caller's token is fine, and a 401 would send clients to renew it and send the password again.
   */
  async confirmSigner(user: AuthenticatedUser, password: string): Promise<void> {
    try {
      await this.users.confirmPassword(user, password);
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      throw new InvalidInput('the password is not correct', [
        {
          field: 'password',
          message: 'the password is not correct: enter the password you sign in with',
        },
      ]);
    }
  }

  /** The signature of `contentHash` by `signerId`, now. */
  sign(contentHash: string, signerId: string): { signedAt: Date; signature: string } {
    const signedAt = this.clock.now();
    const signature = signRecommendation(this.settings.signingKey, {
      contentHash,
      signerId,
      signedAt,
    });
    return { signedAt, signature };
  }
}
