import type { IndependentAssessment } from '@app/contracts';
import { dateTimeInZone, localZone } from '../../ui/time';

/** One opinion in a comparison: its column. */
export interface ComparedOpinion {
  heading: string;
  /** Who gave it, under the heading. */
  byline?: string;
  diagnosis: string;
  stage: string | null;
  treatment: string;
}

const ROWS: ReadonlyArray<{ label: string; value: (opinion: ComparedOpinion) => string }> = [
  { label: 'Diagnosis', value: (opinion) => opinion.diagnosis },
  { label: 'Stage', value: (opinion) => opinion.stage ?? 'Not given' },
  { label: 'Treatment recommended', value: (opinion) => opinion.treatment },
];

/**
 * Opinions side by side, one column each, in the same row order (diagnosis, stage, treatment);
 * on a narrow screen each row stacks its opinions under the row's name.
 */
export function ComparisonTable({
  caption,
  opinions,
}: {
  caption: string;
  opinions: readonly ComparedOpinion[];
}) {
  return (
    <div className="table-wrap reviews-comparison">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Compared</span>
            </th>
            {opinions.map((opinion) => (
              <th scope="col" key={opinion.heading}>
                {opinion.heading}
                {opinion.byline ? (
                  <span className="reviews-byline muted small">{opinion.byline}</span>
                ) : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {opinions.map((opinion) => (
                <td key={opinion.heading} data-column={opinion.heading} className="reviews-text">
                  {row.value(opinion)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An assessment's columns in a comparison. */
export function assessmentColumn(
  heading: string,
  assessment: IndependentAssessment,
  byline?: string,
): ComparedOpinion {
  return {
    heading,
    ...(byline ? { byline } : {}),
    diagnosis: assessment.diagnosis,
    stage: assessment.stage,
    treatment: assessment.recommendation,
  };
}

/** An assessment in full, read only. */
export function AssessmentDetails({
  assessment,
  submittedAt,
}: {
  assessment: IndependentAssessment;
  submittedAt?: string;
}) {
  return (
    <dl className="kv reviews-details">
      <dt>Diagnosis</dt>
      <dd className="reviews-text">{assessment.diagnosis}</dd>
      <dt>Stage</dt>
      <dd>{assessment.stage ?? 'Not given'}</dd>
      <dt>Recommendation</dt>
      <dd className="reviews-text">{assessment.recommendation}</dd>
      <dt>Alternatives considered</dt>
      <dd>
        {assessment.alternatives.length === 0 ? (
          'None listed'
        ) : (
          <ul className="reviews-list">
            {assessment.alternatives.map((alternative, index) => (
              <li key={index} className="reviews-text">
                {alternative}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>Risks</dt>
      <dd className="reviews-text">{assessment.risks}</dd>
      <dt>Pros</dt>
      <dd className="reviews-text">{assessment.pros}</dd>
      <dt>Cons</dt>
      <dd className="reviews-text">{assessment.cons}</dd>
      {submittedAt ? (
        <>
          <dt>Submitted</dt>
          <dd>{dateTimeInZone(submittedAt, localZone())}</dd>
        </>
      ) : null}
    </dl>
  );
}
