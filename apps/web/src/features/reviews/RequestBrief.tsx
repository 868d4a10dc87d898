import { Badge, Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import type { RequestBrief } from './queries';
import { REQUEST_TYPE_LABELS, SEX_LABELS } from './words';

/** The request as the reviewer first meets it: the patient, the kind of review and the question. */
export function RequestBriefCard({
  query,
}: {
  query: {
    data: RequestBrief | undefined;
    error: unknown;
    isPending: boolean;
    refetch: () => unknown;
  };
}) {
  return (
    <Card title="The request">
      <QueryView query={query} loadingLabel="Loading the request…">
        {(brief) => (
          <div className="stack">
            <dl className="kv">
              <dt>Patient</dt>
              <dd>
                {brief.patient.reference}, born {brief.patient.birthYear},{' '}
                {SEX_LABELS[brief.patient.sex].toLowerCase()}
              </dd>
              <dt>Review</dt>
              <dd>
                {REQUEST_TYPE_LABELS[brief.type]}{' '}
                {brief.priority === 'urgent' ? <Badge tone="warning">Urgent</Badge> : null}
              </dd>
              <dt>Question</dt>
              <dd className="reviews-text">{brief.question}</dd>
            </dl>
            {brief.status === 'consent_withdrawn' ? (
              <p className="notice notice-warning">
                The patient has withdrawn their consent: this request is no longer reviewed.
              </p>
            ) : null}
          </div>
        )}
      </QueryView>
    </Card>
  );
}
