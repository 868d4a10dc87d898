import type { ReactNode } from 'react';
import type { CaseDetailView } from '../../api/types';
import { Card } from '../../ui/Page';
import { ECOG_LABELS, LATERALITY_LABELS } from './words';
import './cases.css';

type Tnm = NonNullable<NonNullable<CaseDetailView['staging']>['clinical']>;

/** "cT2a cN1 cM0, stage IIB": the categories with their c/p prefix, then the stage group. */
export function tnmWords(prefix: 'c' | 'p', stage: Tnm | undefined): string | null {
  if (!stage) return null;
  const categories = [stage.t, stage.n, stage.m]
    .filter(Boolean)
    .map((category) => `${prefix}${category}`)
    .join(' ');
  const group = stage.stageGroup ? `stage ${stage.stageGroup}` : '';
  return [categories, group].filter(Boolean).join(', ') || null;
}

function Fact({
  term,
  children,
  className,
}: {
  term: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={className}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Unrecorded({ children = 'Not recorded' }: { children?: ReactNode }) {
  return <span className="muted">{children}</span>;
}

/**
 * The case as a clinician takes it in at a glance, above everything else: what it is (histology,
 * site, ICD-10), how far it has spread (TNM and stage group, with the AJCC edition), how the
 * patient is (ECOG), what the board is asked, and how many records there are to read.
 */
export function CaseGlance({ detail }: { detail: CaseDetailView }) {
  const { diagnosis, staging } = detail;
  // The side, unless the site already says it ("Left upper lobe, lung").
  const side =
    diagnosis.laterality && diagnosis.laterality !== 'not_applicable'
      ? LATERALITY_LABELS[diagnosis.laterality].toLowerCase()
      : null;
  const site = [
    diagnosis.primarySite,
    side && !diagnosis.primarySite?.toLowerCase().includes(side) ? side : null,
  ]
    .filter(Boolean)
    .join(', ');
  const clinical = tnmWords('c', staging?.clinical);
  const pathological = tnmWords('p', staging?.pathological);
  const records = detail.records.length;
  return (
    <Card title="Case at a glance" className="case-glance">
      <dl className="glance">
        <Fact term="Diagnosis" className="glance-diagnosis">
          {diagnosis.histology || site ? (
            <>
              {diagnosis.histology ? (
                <strong>{diagnosis.histology}</strong>
              ) : (
                <Unrecorded>Histology not recorded</Unrecorded>
              )}
              {site ? <span className="glance-line">{site}</span> : null}
            </>
          ) : (
            <Unrecorded />
          )}
        </Fact>
        <Fact term="ICD-10" className="glance-short">
          {diagnosis.icd10 ? <strong>{diagnosis.icd10}</strong> : <Unrecorded />}
        </Fact>
        <Fact term="Stage" className="glance-stage">
          {staging ? (
            <>
              <span className="glance-line">
                {clinical ? (
                  <strong>{clinical}</strong>
                ) : (
                  <Unrecorded>cTNM not recorded</Unrecorded>
                )}
              </span>
              {pathological ? (
                <span className="glance-line">
                  <strong>{pathological}</strong>
                </span>
              ) : null}
              <span className="glance-line muted small">AJCC {staging.edition}th edition</span>
            </>
          ) : (
            <Unrecorded>Not staged</Unrecorded>
          )}
        </Fact>
        <Fact term="ECOG">
          {detail.ecog === null ? (
            <Unrecorded />
          ) : (
            (ECOG_LABELS[String(detail.ecog)] ?? String(detail.ecog))
          )}
        </Fact>
        <Fact term="Records" className="glance-short">
          {records === 0 ? <Unrecorded>None yet</Unrecorded> : `${records} attached`}
        </Fact>
        <Fact term="Question to the board" className="glance-question">
          {detail.question ? (
            <span className="pre-line">{detail.question}</span>
          ) : (
            <Unrecorded>Not stated yet</Unrecorded>
          )}
        </Fact>
      </dl>
    </Card>
  );
}
