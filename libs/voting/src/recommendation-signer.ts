import { Inject, Injectable } from '@nestjs/common';
import { AuthenticatedUser, StepUpGrants, UsersService } from '@app/auth';
import { Clock, InvalidInput, Refused, Unauthenticated } from '@app/core';
import { missingConfirmationMessage, signRecommendation } from './domain';
import { VOTING_SETTINGS, VotingSettings } from './voting-settings';

/**
 * The chair's signature on a recommendation: their password, re-entered and checked, or their
 * confirmation at the identity provider for it (`StepUpGrants`), then an HMAC with the server's
 * signing key over the content hash, the signer and the time (`signRecommendation`).
 */
@Injectable()
export class RecommendationSigner {
  constructor(
    private readonly users: UsersService,
    private readonly confirmations: StepUpGrants,
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

  /**
   * Takes the signer's confirmation at their identity provider for this recommendation, made in
   * this session, in the caller's transaction (once only). Without a usable one: 409
   * `reauthentication_required`, for the client to send the chair to confirm again.
   */
  async takeConfirmation(user: AuthenticatedUser, recommendationId: string): Promise<void> {
    const taking = await this.confirmations.take(user.sessionId, user.id, {
      act: 'sign_recommendation',
      recommendationId,
    });
    if (taking !== 'taken')
      throw new Refused('reauthentication_required', missingConfirmationMessage(taking));
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
