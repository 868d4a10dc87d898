import { Injectable } from '@nestjs/common';

/**
 * An act a person confirms at their identity provider just before doing it, named the same way
 * where the confirmation starts and where the act takes it.
 */
export type StepUpPurpose = { act: 'sign_recommendation'; recommendationId: string };

/** How a purpose is kept with its confirmation: "sign recommendation <id>". */
export function stepUpPurposeText(purpose: StepUpPurpose): string {
  return `sign recommendation ${purpose.recommendationId}`;
}

/** Whether a session had a confirmation for a purpose, taken by the act: once only. */
export type StepUpTaking = 'taken' | 'none' | 'expired' | 'used';

/**
 * Where confirmations at an identity provider are kept. Takes the one of this session and user
 * for this purpose inside the caller's transaction, so it is used only if the act commits.
 */
export type StepUpGrantStore = (grant: {
  sessionId: string;
  userId: string;
  purpose: string;
}) => Promise<StepUpTaking>;

/**
 * The confirmations at an identity provider that acts carrying a person's name take instead of
 * their password: the single sign-on context registers the store it keeps them in. Without single
 * sign-on there is none, and no confirmation to take.
 */
@Injectable()
export class StepUpGrants {
  private store: StepUpGrantStore | null = null;

  register(store: StepUpGrantStore): void {
    this.store = store;
  }

  async take(sessionId: string, userId: string, purpose: StepUpPurpose): Promise<StepUpTaking> {
    if (this.store === null) return 'none';
    return this.store({ sessionId, userId, purpose: stepUpPurposeText(purpose) });
  }
}
