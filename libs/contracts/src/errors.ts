/** The one error body every REST endpoint returns. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: Array<{ field?: string; message: string }>;
  requestId?: string;
}
