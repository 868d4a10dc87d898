import { StepUpGrants, stepUpPurposeText } from './step-up-grants';

const purpose = {
  act: 'sign_recommendation' as const,
  recommendationId: '11111111-1111-4111-8111-111111111111',
};

describe('StepUpGrants', () => {
  it('has no confirmation to take without single sign-on', async () => {
    await expect(new StepUpGrants().take('session', 'user', purpose)).resolves.toBe('none');
  });

  it('asks the registered store for this session, account and purpose', async () => {
    const grants = new StepUpGrants();
    const store = jest.fn().mockResolvedValue('taken');
    grants.register(store);
    await expect(grants.take('session', 'user', purpose)).resolves.toBe('taken');
    expect(store).toHaveBeenCalledWith({
      sessionId: 'session',
      userId: 'user',
      purpose: 'sign recommendation 11111111-1111-4111-8111-111111111111',
    });
  });

  it('names a purpose by its act and recommendation', () => {
    expect(stepUpPurposeText(purpose)).toBe(
      'sign recommendation 11111111-1111-4111-8111-111111111111',
    );
  });
});
