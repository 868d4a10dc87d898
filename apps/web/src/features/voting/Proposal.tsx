import type { Schemas } from '../../api/types';
import { INTENT_LABELS, MODALITY_LABELS } from './words';

/** A proposal's structure under its text: intent, treatments in order, sequencing. */
export function ProposalFacts({ proposal }: { proposal: Schemas['ProposedRecommendation'] }) {
  return (
    <span className="proposal-facts">
      <span className="intent">{INTENT_LABELS[proposal.intent]}</span>
      <span className="proposal-modalities">
        {proposal.modalities.map((modality) => MODALITY_LABELS[modality]).join(' → ')}
      </span>
      {proposal.sequence ? <span className="proposal-sequence">{proposal.sequence}</span> : null}
    </span>
  );
}
