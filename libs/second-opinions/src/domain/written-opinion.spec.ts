import { Conflict, InvalidInput } from '@app/core';
import {
  AssignedReviewer,
  PanelVote,
  RequestFacts,
  assertUnderReview,
  checkedPanelDelivery,
  clearedReviewers,
  panelDecision,
  panelOpinion,
  specialistOpinion,
} from './written-opinion';

const request: RequestFacts = {
  requestId: 'request-1',
  boardName: 'Thoracic board',
  type: 'treatment_plan',
  priority: 'routine',
  patient: { reference: 'SO-1', birthYear: 1960, sex: 'female' },
  preferredLanguage: 'en',
  question: 'Surgery or chemoradiation?',
  referrer: { name: 'Dr Referrer', institution: 'General Hospital', email: 'r@example.org' },
  firstOpinion: {
    diagnosis: 'NSCLC',
    stage: 'IIIA',
    proposedTreatment: 'Lobectomy',
    institution: 'General Hospital',
    physician: 'Dr First',
  },
};

const assessment = {
  diagnosis: 'NSCLC',
  stage: 'IIIA',
  recommendation: 'Chemoradiation',
  alternatives: ['Surgery'],
  risks: 'Pneumonitis',
  pros: 'Organ preserving',
  cons: 'Long course',
};

function reviewer(userId: string, over: Partial<AssignedReviewer> = {}): AssignedReviewer {
  return {
    userId,
    displayName: `Dr ${userId}`,
    specialty: 'radiation_oncology',
    institution: 'University Hospital',
    credentials: { licences: [], boardCertifications: [] },
    attestation: 'no_conflict',
    assessment,
    submittedAt: new Date('2031-03-03T09:00:00Z'),
    concordance: 'treatment_changed',
    concordanceRationale: 'Chemoradiation instead of surgery',
    ...over,
  };
}

const vote: PanelVote = {
  id: 'vote-1',
  round: 2,
  status: 'closed',
  options: [
    { id: 'a', text: 'Chemoradiation', sequence: 'then durvalumab' },
    { id: 'b', text: 'Lobectomy', sequence: null },
  ] as PanelVote['options'],
  result: {
    outcome: { kind: 'consensus', optionId: 'a' },
    tally: { eligibleCount: 3, options: [{ optionId: 'a', votes: 2 }] },
  } as unknown as PanelVote['result'],
  closedAt: new Date('2031-03-05T10:00:00Z'),
};

describe('assertUnderReview', () => {
  it.each([
    ['consent_withdrawn', 'consent has been withdrawn: the request has stopped'],
    ['awaiting_records', 'the records are not complete yet'],
    ['opinion_delivered', 'the opinion has already been delivered'],
  ] as const)('refuses a request %s', (status, message) => {
    expect(() => assertUnderReview(status)).toThrow(new Conflict(message));
  });

  it('lets a request with complete records go on', () => {
    expect(() => assertUnderReview('records_complete')).not.toThrow();
  });
});

describe('specialistOpinion', () => {
  it('is the one cleared reviewer’s assessment and concordance, by the cleared reviewers who assessed', () => {
    const declared = reviewer('b', { attestation: 'conflict_declared', submittedAt: null });
    const content = specialistOpinion(request, [reviewer('a'), declared], {
      patientSummary: 'In plain words',
    });
    expect(content).toEqual({
      ...request,
      reviewers: [
        {
          userId: 'a',
          displayName: 'Dr a',
          specialty: 'radiation_oncology',
          institution: 'University Hospital',
          credentials: { licences: [], boardCertifications: [] },
        },
      ],
      addenda: [],
      conclusion: assessment,
      concordance: {
        classification: 'treatment_changed',
        rationale: 'Chemoradiation instead of surgery',
      },
      reviewMode: 'specialist',
      panelDecision: null,
      patientSummary: 'In plain words',
    });
  });

  it.each<[string, AssignedReviewer[], string]>([
    [
      'no cleared reviewer',
      [reviewer('a', { attestation: null })],
      'no reviewer cleared of conflicts has reviewed this request',
    ],
    [
      'two cleared reviewers',
      [reviewer('a'), reviewer('b')],
      'several reviewers are cleared: put the request to a panel vote',
    ],
    [
      'no assessment yet',
      [reviewer('a', { assessment: null, submittedAt: null })],
      'the reviewer has not submitted an assessment yet',
    ],
    [
      'no concordance yet',
      [reviewer('a', { concordance: null })],
      'the reviewer has not classified the concordance yet',
    ],
  ])('is refused with %s', (_name, reviewers, message) => {
    expect(() => specialistOpinion(request, reviewers, { patientSummary: 'x' })).toThrow(
      new Conflict(message),
    );
  });

  it('takes no conclusion or concordance from the coordinator', () => {
    expect(() =>
      specialistOpinion(request, [reviewer('a')], {
        patientSummary: 'x',
        concordance: { classification: 'confirmed' },
      }),
    ).toThrow(InvalidInput);
  });
});

describe('a panel’s written opinion', () => {
  it('needs a conclusion and a valid concordance class', () => {
    expect(() => checkedPanelDelivery({ patientSummary: 'x' })).toThrow(
      new InvalidInput('a panel’s opinion states its conclusion and concordance class'),
    );
    const { recommendation: _, ...conclusion } = assessment;
    expect(() =>
      checkedPanelDelivery({
        patientSummary: 'x',
        conclusion,
        concordance: { classification: 'mostly_agreed' },
      }),
    ).toThrow(InvalidInput);
  });

  it.each<[string, PanelVote | null, string]>([
    ['no vote', null, 'the panel has not voted yet'],
    [
      'an open vote',
      { ...vote, status: 'open', result: null, closedAt: null },
      'the panel vote is still open',
    ],
    [
      'no quorum',
      {
        ...vote,
        result: { ...vote.result!, outcome: { kind: 'no_quorum' } } as PanelVote['result'],
      },
      'the panel vote closed without a quorum: open another round',
    ],
    [
      'no consensus',
      {
        ...vote,
        result: { ...vote.result!, outcome: { kind: 'no_consensus' } } as PanelVote['result'],
      },
      'the panel reached no consensus: open another round, or refer the case for an external opinion',
    ],
  ])('is refused with %s', (_name, panelVote, message) => {
    expect(() => panelDecision(panelVote)).toThrow(new Conflict(message));
  });

  it('recommends the decided option, by the cleared reviewers who voted', () => {
    const { recommendation: _, ...conclusion } = assessment;
    const delivery = checkedPanelDelivery({
      patientSummary: 'In plain words',
      conclusion,
      concordance: { classification: 'treatment_changed', rationale: 'Not surgery' },
    });
    const decision = panelDecision(vote);
    expect(decision.record).toEqual({
      voteId: 'vote-1',
      round: 2,
      outcome: 'consensus',
      decidedOption: 'Chemoradiation',
      votesFor: 2,
      eligible: 3,
      closedAt: '2031-03-05T10:00:00.000Z',
    });
    const reviewers = [reviewer('a'), reviewer('b'), reviewer('c')];
    const content = panelOpinion(request, reviewers, decision, ['a', 'c'], {
      ...delivery,
      patientSummary: 'In plain words',
    });
    expect(content.conclusion.recommendation).toBe('Chemoradiation. then durvalumab');
    expect(content.reviewers.map((author) => author.userId)).toEqual(['a', 'c']);
    expect(content).toMatchObject({ reviewMode: 'panel', panelDecision: decision.record });
    expect(clearedReviewers([reviewer('a'), reviewer('d', { attestation: null })])).toHaveLength(1);
  });
});
