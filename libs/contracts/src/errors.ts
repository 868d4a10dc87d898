/** The one error body every REST endpoint returns. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** A stable machine-readable code for domain errors (e.g. `link_expired`, `question_limit_reached`). */
  code?: string;
  details?: Array<{ field?: string; message: string }>;
  requestId?: string;
}

/** Why a referrer's link no longer works: the `code` of its 410 answer. */
export type LinkGoneCode =
  'link_expired' | 'link_used' | 'link_replaced' | 'consent_withdrawn' | 'opinion_delivered';
