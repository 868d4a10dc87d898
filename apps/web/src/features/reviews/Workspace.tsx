import type { ReactNode } from 'react';
import { Link } from 'react-aria-components';
import type { FirstOpinionRecord } from '@app/contracts';
import { PageHeader } from '../../ui/Page';
import type { ComparedOpinion } from './Comparison';
import { RequestBriefCard } from './RequestBrief';
import { useRequestBriefQuery, type RequestBrief } from './queries';
import './reviews.css';

/** What a reviewer's and an arbiter's workspaces share: the header and the request's brief. */
export function WorkspaceFrame({
  requestId,
  title,
  subtitle,
  children,
}: {
  requestId: string;
  /** The page's title, followed by the patient's reference once known. */
  title: string;
  subtitle: string;
  children: (brief: RequestBrief | null) => ReactNode;
}) {
  const brief = useRequestBriefQuery(requestId);
  return (
    <div className="page stack">
      <PageHeader
        eyebrow={<Link href="/reviews">My reviews</Link>}
        title={brief.data ? `${title}: ${brief.data.patient.reference}` : title}
        subtitle={subtitle}
      />
      <RequestBriefCard query={brief} />
      {children(brief.data ?? null)}
    </div>
  );
}

/** Why an assessment cannot be submitted on the request as it stands, or null. */
export function notYetWords(
  brief: RequestBrief | null,
  role: 'reviewer' | 'arbiter',
): string | null {
  if (!brief) return null;
  if (brief.status === 'consent_withdrawn')
    return 'The patient has withdrawn their consent: no assessment is taken any more.';
  if (role === 'arbiter') return null;
  if (brief.status === 'awaiting_records')
    return 'The records are not complete yet: your assessment can be submitted once they are. Your draft is kept meanwhile.';
  if (brief.status === 'opinion_delivered')
    return 'The opinion has been delivered: no assessment is taken any more.';
  return null;
}

/** The first opinion's column in a comparison. */
export function firstOpinionColumn(first: FirstOpinionRecord): ComparedOpinion {
  return {
    heading: 'First opinion',
    byline: `${first.physician}, ${first.institution}`,
    diagnosis: first.diagnosis,
    stage: first.stage,
    treatment: first.proposedTreatment,
  };
}
