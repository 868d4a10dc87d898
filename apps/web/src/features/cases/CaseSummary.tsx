import type { ReactNode } from 'react';
import type { CaseDetailView } from '../../api/types';
import { Card } from '../../ui/Page';
import { calendarDate } from '../../ui/time';
import { PRIORITY_LABELS } from '../../ui/words';
import { ECOG_LABELS, LATERALITY_LABELS, REFERRAL_LABELS, SEX_LABELS } from './words';
import './cases.css';

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children === '' || children === null || children === undefined ? '—' : children}</dd>
    </>
  );
}

function tnm(
  stage: { t?: string; n?: string; m?: string; stageGroup?: string } | undefined,
): string {
  if (!stage) return '—';
  const categories = [stage.t, stage.n, stage.m].filter(Boolean).join(' ');
  const group = stage.stageGroup ? `stage ${stage.stageGroup}` : '';
  return [categories, group].filter(Boolean).join(', ') || '—';
}

/** The case as a read-only summary, for members who may not edit it. */
export function CaseSummary({
  detail,
  presenterName,
}: {
  detail: CaseDetailView;
  presenterName: string;
}) {
  const { diagnosis, referral, staging } = detail;
  return (
    <Card title="Case details">
      <section className="summary-section" aria-labelledby="summary-patient">
        <h3 id="summary-patient">Patient</h3>
        <dl className="kv">
          <Row term="Patient reference">{detail.patientRef}</Row>
          {detail.mrn !== undefined ? <Row term="MRN">{detail.mrn ?? ''}</Row> : null}
          <Row term="Year of birth">{detail.birthYear}</Row>
          <Row term="Sex">{SEX_LABELS[detail.sex]}</Row>
          <Row term="Referral">
            {REFERRAL_LABELS[referral.type]}
            {referral.referringPhysician ? `, ${referral.referringPhysician}` : ''}
            {referral.referringInstitution ? `, ${referral.referringInstitution}` : ''}
          </Row>
          {referral.firstOpinion ? (
            <>
              <Row term="First opinion">{referral.firstOpinion.diagnosis}</Row>
              <Row term="First recommendation">{referral.firstOpinion.recommendation}</Row>
            </>
          ) : null}
        </dl>
      </section>
      <section className="summary-section" aria-labelledby="summary-diagnosis">
        <h3 id="summary-diagnosis">Diagnosis</h3>
        <dl className="kv">
          <Row term="Primary site">{diagnosis.primarySite}</Row>
          <Row term="Histology">{diagnosis.histology}</Row>
          <Row term="ICD-10">{diagnosis.icd10}</Row>
          <Row term="ICD-O-3">
            {[diagnosis.icdO3Topography, diagnosis.icdO3Morphology].filter(Boolean).join(' · ')}
          </Row>
          <Row term="Diagnosed">
            {diagnosis.diagnosedOn ? calendarDate(diagnosis.diagnosedOn) : ''}
          </Row>
          <Row term="Laterality">
            {diagnosis.laterality ? LATERALITY_LABELS[diagnosis.laterality] : ''}
          </Row>
          <Row term="ECOG">{detail.ecog === null ? '' : ECOG_LABELS[String(detail.ecog)]}</Row>
          <Row term="Staging">{staging ? `AJCC ${staging.edition}th edition` : 'Not staged'}</Row>
          {staging ? (
            <>
              <Row term="Clinical">{tnm(staging.clinical)}</Row>
              <Row term="Pathological">{tnm(staging.pathological)}</Row>
            </>
          ) : null}
        </dl>
      </section>
      <section className="summary-section" aria-labelledby="summary-biomarkers">
        <h3 id="summary-biomarkers">Biomarkers</h3>
        {detail.biomarkers.length === 0 ? (
          <p className="muted">None recorded.</p>
        ) : (
          <ul className="list-plain list-rows">
            {detail.biomarkers.map((biomarker, index) => (
              <li key={`${biomarker.name}-${index}`}>
                <strong>{biomarker.name}</strong>: {biomarker.result}
                {biomarker.method ? <span className="muted"> ({biomarker.method})</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="summary-section" aria-labelledby="summary-board">
        <h3 id="summary-board">For the board</h3>
        <dl className="kv">
          <Row term="Question">
            <span className="pre-line">{detail.question}</span>
          </Row>
          <Row term="Priority">{PRIORITY_LABELS[detail.priority] ?? detail.priority}</Row>
          <Row term="Due">{detail.dueDate ? calendarDate(detail.dueDate) : ''}</Row>
          <Row term="Presenter">{presenterName}</Row>
          <Row term="First treatment">
            {detail.firstTreatment === null
              ? 'Not recorded'
              : detail.firstTreatment.status === 'started'
                ? `Started ${calendarDate(detail.firstTreatment.startedOn)}`
                : 'Not started'}
          </Row>
        </dl>
        <h3 className="case-subgroup">Clinical summary</h3>
        {detail.clinicalSummary ? (
          <p className="pre-line">{detail.clinicalSummary}</p>
        ) : (
          <p className="muted">No clinical summary yet.</p>
        )}
      </section>
    </Card>
  );
}
