/** The one error body every REST endpoint returns. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** A stable machine-readable code for domain errors (e.g. `link_gone`, `question_limit_reached`). */
  code?: string;
  details?: Array<{ field?: string; message: string }>;
  requestId?: string;
}
