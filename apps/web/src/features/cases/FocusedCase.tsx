import { Link } from 'react-router';
import { Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { CaseGlance } from './CaseGlance';
import { RecordsPanel } from './RecordsPanel';
import { useCaseQuery } from './queries';
import './cases.css';

/**
 * The case the meeting is discussing, as the panel reads it beside the video: the glance (what,
 * how far, how the patient is, the question), the clinical summary and biomarkers, and the records.
 */
export function FocusedCase({ caseId }: { caseId: string }) {
  const query = useCaseQuery(caseId);
  return (
    <QueryView query={query} loadingLabel="Loading the case…">
      {(detail) => (
        <section className="focused-case" aria-label={`Focused case ${detail.patientRef}`}>
          <div className="focused-case-head">
            <h2>{detail.patientRef}</h2>
            <Link to={`/cases/${detail.id}`} target="_blank" rel="noopener">
              Open the full case
            </Link>
          </div>
          <CaseGlance detail={detail} />
          <Card title="Clinical summary" headingLevel={3}>
            {detail.clinicalSummary ? (
              <p className="pre-line">{detail.clinicalSummary}</p>
            ) : (
              <p className="muted">No clinical summary yet.</p>
            )}
            {detail.biomarkers.length > 0 ? (
              <ul className="focused-case-biomarkers" aria-label="Biomarkers">
                {detail.biomarkers.map((biomarker) => (
                  <li key={`${biomarker.name}:${biomarker.result}`}>
                    <strong>{biomarker.name}</strong> {biomarker.result}
                    {biomarker.method ? <span className="muted"> ({biomarker.method})</span> : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </Card>
          <RecordsPanel
            caseId={detail.id}
            boardId={detail.boardId}
            records={detail.records}
            canChange={false}
          />
        </section>
      )}
    </QueryView>
  );
}
