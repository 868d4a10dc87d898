import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { Button } from '../../ui/Button';
import { FormError, NumberInput, SelectField, TextInput } from '../../ui/fields';
import { Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';

type Criterion = Schemas['ReadinessCriterionView'];
type Kind = Criterion['kind'];
type RecordKind = Schemas['CaseRecordKind'];

const KIND_LABELS: Record<Kind, string> = {
  record_present: 'A record of a kind is present',
  recent_record: 'A recent record of a kind',
  staging_complete: 'Staging is complete',
  question_stated: 'The question to the board is stated',
  diagnosis_coded: 'The diagnosis is coded (ICD-10)',
  ecog_recorded: 'ECOG performance status is recorded',
};

const RECORD_LABELS: Record<RecordKind, string> = {
  pathology_report: 'Pathology report',
  radiology_report: 'Radiology report',
  imaging_study: 'Imaging study',
  lab: 'Laboratory results',
  genomics: 'Genomics',
  clinical_note: 'Clinical note',
  other: 'Other document',
};

const KIND_OPTIONS = Object.entries(KIND_LABELS).map(([id, label]) => ({ id, label }));
const RECORD_OPTIONS = Object.entries(RECORD_LABELS).map(([id, label]) => ({ id, label }));

export function describeCriterion(criterion: Criterion): string {
  if (criterion.label) return criterion.label;
  if (criterion.kind === 'record_present') return `${RECORD_LABELS[criterion.recordKind]} present`;
  if (criterion.kind === 'recent_record')
    return `${RECORD_LABELS[criterion.recordKind]} within ${criterion.withinDays} days`;
  return KIND_LABELS[criterion.kind];
}

function blank(kind: Kind): Criterion {
  if (kind === 'record_present') return { kind, recordKind: 'pathology_report' };
  if (kind === 'recent_record') return { kind, recordKind: 'imaging_study', withinDays: 42 };
  return { kind };
}

/** The checklist a case must meet before it goes on an agenda without an override. */
export function ReadinessTemplateCard({ boardId, canEdit }: { boardId: string; canEdit: boolean }) {
  const api = useApi();
  const key = ['boards', boardId, 'readiness-template'];
  const template = useQuery({
    queryKey: key,
    queryFn: () =>
      data(
        api.GET('/api/v1/boards/{boardId}/readiness-template', { params: { path: { boardId } } }),
      ),
  });
  return (
    <Card title="Readiness checklist">
      <p className="muted small">
        A case that does not meet every item can only be put on an agenda with a reason, which is
        kept on the agenda item.
      </p>
      <QueryView query={template}>
        {(loaded) => (
          <Editor
            key={boardId}
            boardId={boardId}
            initial={loaded.criteria as Criterion[]}
            canEdit={canEdit}
            queryKey={key}
          />
        )}
      </QueryView>
    </Card>
  );
}

function Editor({
  boardId,
  initial,
  canEdit,
  queryKey,
}: {
  boardId: string;
  initial: Criterion[];
  canEdit: boolean;
  queryKey: string[];
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [criteria, setCriteria] = useState<Criterion[]>(initial);
  // The checklist as last loaded or saved: the edits are measured against it.
  const [base, setBase] = useState<Criterion[]>(initial);
  const [adding, setAdding] = useState<Kind>('record_present');
  const dirty = JSON.stringify(criteria) !== JSON.stringify(base);
  // The checklist changed on the server (another coordinator saved it, seen on a refetch): shown
  // at once unless this person is editing it, whose edits are kept.
  if (initial !== base) {
    setBase(initial);
    if (!dirty) setCriteria(initial);
  }
  const save = useMutation({
    mutationFn: () =>
      data(
        api.PUT('/api/v1/boards/{boardId}/readiness-template', {
          params: { path: { boardId } },
          body: { criteria },
        }),
      ),
    onSuccess: (saved) => {
      // The saved checklist, as the server keeps it, is both what is shown and the new base.
      const kept = saved.criteria as Criterion[];
      setCriteria(kept);
      setBase(kept);
      queryClient.setQueryData(queryKey, saved);
    },
  });
  const problem = save.error instanceof ApiError ? save.error : null;
  const replace = (index: number, next: Criterion) =>
    setCriteria((current) => current.map((criterion, at) => (at === index ? next : criterion)));
  if (!canEdit) {
    return (
      <ol className="checklist">
        {criteria.map((criterion, index) => (
          <li key={index}>{describeCriterion(criterion)}</li>
        ))}
      </ol>
    );
  }
  return (
    <div className="stack">
      <ol className="list-plain list-rows">
        {criteria.map((criterion, index) => (
          <li key={index} className="criterion-row">
            <div className="criterion-main">
              <strong>
                {index + 1}. {KIND_LABELS[criterion.kind]}
              </strong>
              <div className="row">
                {criterion.kind === 'record_present' || criterion.kind === 'recent_record' ? (
                  <SelectField
                    label="Record kind"
                    options={RECORD_OPTIONS}
                    value={criterion.recordKind}
                    onChange={(recordKind) =>
                      replace(index, { ...criterion, recordKind: recordKind as RecordKind })
                    }
                  />
                ) : null}
                {criterion.kind === 'recent_record' ? (
                  <NumberInput
                    label="Within days"
                    value={criterion.withinDays}
                    minValue={1}
                    maxValue={3650}
                    onChange={(withinDays) =>
                      replace(index, { ...criterion, withinDays: withinDays ?? 0 })
                    }
                  />
                ) : null}
                <TextInput
                  label="Wording (optional)"
                  value={criterion.label ?? ''}
                  placeholder={describeCriterion({ ...criterion, label: undefined })}
                  onChange={(label) => replace(index, { ...criterion, label: label || undefined })}
                />
              </div>
            </div>
            <Button
              size="small"
              variant="quiet"
              aria-label={`Remove item ${index + 1}: ${describeCriterion(criterion)}`}
              onPress={() => setCriteria((current) => current.filter((_, at) => at !== index))}
            >
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <div className="row">
        <SelectField
          label="Add an item"
          options={KIND_OPTIONS}
          value={adding}
          onChange={(kind) => setAdding(kind as Kind)}
        />
        <Button onPress={() => setCriteria((current) => [...current, blank(adding)])}>Add</Button>
      </div>
      <FormError
        message={
          save.error
            ? problem?.details.length
              ? problem.details.map((detail) => detail.message).join(' ')
              : errorMessage(save.error)
            : null
        }
      />
      <div className="save-bar">
        {/* Always there, so the confirmation is announced when it appears. */}
        <span className="muted small" role="status">
          {save.isSuccess && !dirty ? 'Checklist saved.' : ''}
        </span>
        <Button variant="primary" isPending={save.isPending} onPress={() => save.mutate()}>
          Save checklist
        </Button>
      </div>
    </div>
  );
}
