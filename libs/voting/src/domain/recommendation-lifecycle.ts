/**
 * A board recommendation: drafted, signed by the chair, published by a coordinator. What was
 * signed or published is never changed; a correction is a new version.
 */
export type RecommendationStatus = 'draft' | 'signed' | 'published';

export interface Recommendation {
  id: string;
  /** 1 for the first version, one more for each amendment. */
  version: number;
  status: RecommendationStatus;
  content: string;
  /** The version this one amends; null for the first version. */
  previousVersionId: string | null;
  /** Why the previous version was amended; null for the first version. */
  amendmentReason: string | null;
  signedBy: string | null;
  publishedBy: string | null;
}

export type RecommendationAction =
  | { type: 'edit'; content: string }
  | { type: 'sign'; actorId: string; actorIsChair: boolean }
  | { type: 'publish'; actorId: string; actorIsCoordinator: boolean }
  | { type: 'amend'; newVersionId: string; reason: string };

export type RecommendationRefusal =
  | 'not_draft'
  | 'not_signed'
  | 'already_published'
  | 'still_draft'
  | 'reason_required'
  | 'not_chair'
  | 'not_coordinator';

export type RecommendationTransition =
  { ok: true; next: Recommendation } | { ok: false; code: RecommendationRefusal; message: string };

/** The first version of a recommendation: a draft. */
export function draftRecommendation(id: string, content: string): Recommendation {
  return {
    id,
    version: 1,
    status: 'draft',
    content,
    previousVersionId: null,
    amendmentReason: null,
    signedBy: null,
    publishedBy: null,
  };
}

/**
 * The recommendation after `action`, or why it is refused. The status is checked before the
 * actor, and `current` is never modified.
 * - edit: only a draft's content changes; nothing else is touched.
 * - sign: only a draft, only by the chair of the board; it becomes signed.
 * - publish: only a signed recommendation, only by a coordinator; it becomes published and
 *   never changes again.
 * - amend: a signed or published recommendation (a draft is simply edited) with a reason that
 *   is not blank; the result is a new draft version, with the same content to start from, that
 *   points to the amended one. The amended version stays as it was, so the service must sign
 *   and publish only the latest version.
 */
export function transitionRecommendation(
  current: Recommendation,
  action: RecommendationAction,
): RecommendationTransition {
  switch (action.type) {
    case 'edit':
      return edit(current, action.content);
    case 'sign':
      return sign(current, action.actorId, action.actorIsChair);
    case 'publish':
      return publish(current, action.actorId, action.actorIsCoordinator);
    case 'amend':
      return amend(current, action.newVersionId, action.reason);
  }
}

function refuse(code: RecommendationRefusal, message: string): RecommendationTransition {
  return { ok: false, code, message };
}

const PUBLISHED = refuse(
  'already_published',
  'a published recommendation cannot change; amend it to create a new version',
);

function edit(current: Recommendation, content: string): RecommendationTransition {
  if (current.status === 'published') return PUBLISHED;
  if (current.status === 'signed')
    return refuse('not_draft', 'a signed recommendation cannot be edited; amend it instead');
  return { ok: true, next: { ...current, content } };
}

function sign(
  current: Recommendation,
  actorId: string,
  isChair: boolean,
): RecommendationTransition {
  if (current.status === 'published') return PUBLISHED;
  if (current.status === 'signed')
    return refuse('not_draft', 'the recommendation is already signed');
  if (!isChair) return refuse('not_chair', 'only the chair of the board signs a recommendation');
  return { ok: true, next: { ...current, status: 'signed', signedBy: actorId } };
}

function publish(
  current: Recommendation,
  actorId: string,
  isCoordinator: boolean,
): RecommendationTransition {
  if (current.status === 'published') return PUBLISHED;
  if (current.status === 'draft')
    return refuse('not_signed', 'the chair must sign the recommendation before it is published');
  if (!isCoordinator)
    return refuse('not_coordinator', 'only a coordinator of the board publishes a recommendation');
  return { ok: true, next: { ...current, status: 'published', publishedBy: actorId } };
}

function amend(
  current: Recommendation,
  newVersionId: string,
  reason: string,
): RecommendationTransition {
  if (current.status === 'draft')
    return refuse(
      'still_draft',
      'a draft is edited directly; only a signed or published one is amended',
    );
  const trimmed = reason.trim();
  if (trimmed === '') return refuse('reason_required', 'an amendment must give its reason');
  return {
    ok: true,
    next: {
      ...draftRecommendation(newVersionId, current.content),
      version: current.version + 1,
      previousVersionId: current.id,
      amendmentReason: trimmed,
    },
  };
}
