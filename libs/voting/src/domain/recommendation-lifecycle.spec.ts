import {
  draftRecommendation,
  Recommendation,
  RecommendationAction,
  RecommendationRefusal,
  RecommendationStatus,
  transitionRecommendation,
} from './recommendation-lifecycle';

const DRAFT: Recommendation = draftRecommendation('r1', 'Neoadjuvant FOLFIRINOX, then restage.');
const SIGNED: Recommendation = { ...DRAFT, status: 'signed', signedBy: 'chair' };
const PUBLISHED: Recommendation = { ...SIGNED, status: 'published', publishedBy: 'coordinator' };
const BY_STATUS: Record<RecommendationStatus, Recommendation> = {
  draft: DRAFT,
  signed: SIGNED,
  published: PUBLISHED,
};

const EDIT: RecommendationAction = { type: 'edit', content: 'Upfront resection.' };
const SIGN: RecommendationAction = { type: 'sign', actorId: 'chair', actorIsChair: true };
const SIGN_NOT_CHAIR: RecommendationAction = { type: 'sign', actorId: 'u2', actorIsChair: false };
const PUBLISH: RecommendationAction = {
  type: 'publish',
  actorId: 'coordinator',
  actorIsCoordinator: true,
};
const PUBLISH_NOT_COORDINATOR: RecommendationAction = {
  type: 'publish',
  actorId: 'chair',
  actorIsCoordinator: false,
};
const AMEND: RecommendationAction = { type: 'amend', newVersionId: 'r2', reason: 'Typo in dose' };
const AMEND_NO_REASON: RecommendationAction = { type: 'amend', newVersionId: 'r2', reason: '' };
const AMEND_BLANK_REASON: RecommendationAction = {
  type: 'amend',
  newVersionId: 'r2',
  reason: ' \n\t ',
};

type Expected = { status: RecommendationStatus } | { refused: RecommendationRefusal };

describe('transitionRecommendation', () => {
  it.each<[RecommendationStatus, string, RecommendationAction, Expected]>([
    ['draft', 'edit', EDIT, { status: 'draft' }],
    ['draft', 'sign by the chair', SIGN, { status: 'signed' }],
    ['draft', 'sign by someone else', SIGN_NOT_CHAIR, { refused: 'not_chair' }],
    ['draft', 'publish by a coordinator', PUBLISH, { refused: 'not_signed' }],
    ['draft', 'publish by someone else', PUBLISH_NOT_COORDINATOR, { refused: 'not_signed' }],
    ['draft', 'amend with a reason', AMEND, { refused: 'still_draft' }],
    ['draft', 'amend without a reason', AMEND_NO_REASON, { refused: 'still_draft' }],
    ['draft', 'amend with a blank reason', AMEND_BLANK_REASON, { refused: 'still_draft' }],
    ['signed', 'edit', EDIT, { refused: 'not_draft' }],
    ['signed', 'sign by the chair', SIGN, { refused: 'not_draft' }],
    ['signed', 'sign by someone else', SIGN_NOT_CHAIR, { refused: 'not_draft' }],
    ['signed', 'publish by a coordinator', PUBLISH, { status: 'published' }],
    ['signed', 'publish by someone else', PUBLISH_NOT_COORDINATOR, { refused: 'not_coordinator' }],
    ['signed', 'amend with a reason', AMEND, { status: 'draft' }],
    ['signed', 'amend without a reason', AMEND_NO_REASON, { refused: 'reason_required' }],
    ['signed', 'amend with a blank reason', AMEND_BLANK_REASON, { refused: 'reason_required' }],
    ['published', 'edit', EDIT, { refused: 'already_published' }],
    ['published', 'sign by the chair', SIGN, { refused: 'already_published' }],
    ['published', 'sign by someone else', SIGN_NOT_CHAIR, { refused: 'already_published' }],
    ['published', 'publish by a coordinator', PUBLISH, { refused: 'already_published' }],
    [
      'published',
      'publish by someone else',
      PUBLISH_NOT_COORDINATOR,
      { refused: 'already_published' },
    ],
    ['published', 'amend with a reason', AMEND, { status: 'draft' }],
    ['published', 'amend without a reason', AMEND_NO_REASON, { refused: 'reason_required' }],
    ['published', 'amend with a blank reason', AMEND_BLANK_REASON, { refused: 'reason_required' }],
  ])('%s, %s', (status, _name, action, expected) => {
    const result = transitionRecommendation(BY_STATUS[status], action);
    if ('refused' in expected) {
      expect(result).toEqual({ ok: false, code: expected.refused, message: expect.any(String) });
    } else {
      expect(result).toMatchObject({ ok: true, next: { status: expected.status } });
    }
  });

  it('starts a recommendation as a first-version draft', () => {
    expect(DRAFT).toEqual({
      id: 'r1',
      version: 1,
      status: 'draft',
      content: 'Neoadjuvant FOLFIRINOX, then restage.',
      previousVersionId: null,
      amendmentReason: null,
      signedBy: null,
      publishedBy: null,
    });
  });

  it('editing a draft changes its content and nothing else', () => {
    const amendedDraft: Recommendation = {
      ...DRAFT,
      id: 'r2',
      version: 2,
      previousVersionId: 'r1',
      amendmentReason: 'Typo in dose',
    };
    expect(transitionRecommendation(amendedDraft, EDIT)).toEqual({
      ok: true,
      next: { ...amendedDraft, content: 'Upfront resection.' },
    });
  });

  it('signing records the chair', () => {
    expect(transitionRecommendation(DRAFT, SIGN)).toEqual({
      ok: true,
      next: { ...DRAFT, status: 'signed', signedBy: 'chair' },
    });
  });

  it('publishing records the coordinator and keeps the signature', () => {
    expect(transitionRecommendation(SIGNED, PUBLISH)).toEqual({
      ok: true,
      next: { ...SIGNED, status: 'published', publishedBy: 'coordinator' },
    });
  });

  it.each<[RecommendationStatus]>([['signed'], ['published']])(
    'amending a %s recommendation starts a new draft version from its content',
    (status) => {
      const current = { ...BY_STATUS[status], version: 3 };
      expect(
        transitionRecommendation(current, { ...AMEND, reason: '  Margin status revised  ' }),
      ).toEqual({
        ok: true,
        next: {
          id: 'r2',
          version: 4,
          status: 'draft',
          content: current.content,
          previousVersionId: 'r1',
          amendmentReason: 'Margin status revised',
          signedBy: null,
          publishedBy: null,
        },
      });
    },
  );

  it('the amended version can then be edited, signed and published', () => {
    const steps: RecommendationAction[] = [AMEND, EDIT, SIGN, PUBLISH];
    const final = steps.reduce<Recommendation>((current, action) => {
      const result = transitionRecommendation(current, action);
      if (!result.ok) throw new Error(result.message);
      return result.next;
    }, PUBLISHED);
    expect(final).toEqual({
      id: 'r2',
      version: 2,
      status: 'published',
      content: 'Upfront resection.',
      previousVersionId: 'r1',
      amendmentReason: 'Typo in dose',
      signedBy: 'chair',
      publishedBy: 'coordinator',
    });
  });

  it('never modifies the current recommendation', () => {
    const actions = [EDIT, SIGN, SIGN_NOT_CHAIR, PUBLISH, PUBLISH_NOT_COORDINATOR, AMEND];
    for (const current of Object.values(BY_STATUS)) {
      const frozen = Object.freeze({ ...current });
      for (const action of actions) {
        expect(() => transitionRecommendation(frozen, action)).not.toThrow();
      }
      expect(frozen).toEqual(current);
    }
  });
});
