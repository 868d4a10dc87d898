import { useCallback, useState } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { BoardMemberView, CaseDetailView } from '../../api/types';
import { Button } from '../../ui/Button';
import { FormError, SubmitForm } from '../../ui/fields';
import { Card } from '../../ui/Page';
import {
  caseFormFrom,
  changedFields,
  localProblems,
  resolveConflict,
  serverProblems,
  unshownProblems,
  updateBody,
  wire,
  type CaseFormValues,
  type Choice,
  type Describe,
  type FieldErrors,
} from './caseForm';
import { CaseFormFields } from './CaseFormFields';
import { EditConflictDialog, type EditConflict } from './EditConflictDialog';
import { CLOSED_STATUSES } from './permissions';
import { useLoadLatestCase, useUpdateCase } from './queries';
import './cases.css';

interface Loaded {
  /** The values as loaded from the server, and their version: what a save is compared with. */
  base: CaseFormValues;
  version: number;
}

/**
 * Editing a case. The form keeps the version it loaded; a save sends that version and only the
 * fields that changed. If someone saved in between (409), nothing typed is lost: the fields they
 * changed are offered side by side, and the save is made again against their version.
 */
export function CaseEditor({
  detail,
  presenters,
  describe,
  timezone,
}: {
  detail: CaseDetailView;
  presenters: readonly BoardMemberView[];
  describe: Describe;
  timezone: string;
}) {
  const update = useUpdateCase(detail.id, detail.boardId);
  const loadLatest = useLoadLatestCase(detail.id);
  const withMrn = detail.mrn !== undefined;
  const [loaded, setLoaded] = useState<Loaded>(() => ({
    base: caseFormFrom(detail),
    version: detail.version,
  }));
  const [values, setValues] = useState<CaseFormValues>(loaded.base);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const [seen, setSeen] = useState(detail);

  const change = useCallback((patch: Partial<CaseFormValues>) => {
    setSaved(false);
    setValues((current) => ({ ...current, ...patch }));
  }, []);

  const dirty = changedFields(loaded.base, values, withMrn).length > 0;
  const onlyFirstTreatment = CLOSED_STATUSES.includes(detail.status);

  // A newer copy of the case arrived (a status change, another tab): adopt it unless the user
  // has typed something, in which case the save will reconcile.
  if (detail !== seen) {
    setSeen(detail);
    if (detail.version !== loaded.version && !dirty) {
      const base = caseFormFrom(detail);
      setLoaded({ base, version: detail.version });
      setValues(base);
    }
  }

  const adopt = (view: CaseDetailView) => {
    const base = caseFormFrom(view);
    setLoaded({ base, version: view.version });
    setValues(base);
    setSeen(view);
  };

  const save = async (typed: CaseFormValues, from: Loaded): Promise<void> => {
    setProblem(null);
    setSaved(false);
    const local = localProblems(typed, 'edit');
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setProblem('Some fields need attention before the case can be saved.');
      return;
    }
    const body = updateBody(from.base, typed, from.version, withMrn);
    setSaving(true);
    try {
      const view = await update.mutateAsync(wire(body));
      adopt(view);
      setConflict(null);
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const latest = await loadLatest().catch(() => null);
        if (latest && latest.version !== from.version) {
          const theirs = caseFormFrom(latest);
          const fields = changedFields(from.base, theirs, withMrn);
          setSeen(latest);
          if (fields.length === 0) {
            // Only the status or something outside the form changed: save again on top of it.
            const next = { base: theirs, version: latest.version };
            setLoaded(next);
            await save(typed, next);
            return;
          }
          // The loaded version stays the old one until the user has chosen, so that going back
          // to the form and saving later asks again rather than overwriting their changes.
          setConflict({
            base: from.base,
            mine: typed,
            theirs,
            theirVersion: latest.version,
            theirUpdatedAt: latest.updatedAt,
            fields,
          });
          return;
        }
      }
      if (error instanceof ApiError && error.details.length > 0) {
        const problems = serverProblems(error, body, typed);
        setErrors(problems);
        const elsewhere = unshownProblems(problems, typed);
        setProblem(
          elsewhere.length > 0
            ? `${error.message}: ${elsewhere.join('; ')}`
            : 'Some fields need attention: see the messages next to them.',
        );
      } else {
        setProblem(errorMessage(error));
      }
    } finally {
      setSaving(false);
    }
  };

  const resolve = (choices: Record<string, Choice>) => {
    if (!conflict) return;
    const resolved = resolveConflict(conflict.mine, conflict.theirs, conflict.fields, choices);
    const next = { base: conflict.theirs, version: conflict.theirVersion };
    setLoaded(next);
    setValues(resolved);
    void save(resolved, next);
  };

  return (
    <Card title={onlyFirstTreatment ? 'Case details' : 'Edit case'}>
      <SubmitForm onSubmit={() => save(values, loaded)}>
        {onlyFirstTreatment ? (
          <p className="notice">
            This case is closed. Only whether the first treatment has begun can still be recorded.
          </p>
        ) : null}
        <CaseFormFields
          mode="edit"
          values={values}
          onChange={change}
          errors={errors}
          presenters={presenters}
          showMrn={withMrn}
          onlyFirstTreatment={onlyFirstTreatment}
        />
        <div className="stack form-actions-sticky">
          <FormError message={problem} />
          {saved && !dirty ? (
            <p className="notice notice-success" role="status">
              The case was saved.
            </p>
          ) : null}
          <div className="form-actions">
            <Button type="submit" variant="primary" isPending={saving} isDisabled={!dirty}>
              Save changes
            </Button>
            <Button
              isDisabled={!dirty || saving}
              onPress={() => {
                adopt(detail);
                setErrors({});
                setProblem(null);
              }}
            >
              Discard changes
            </Button>
            <span className="muted small" aria-live="polite">
              {dirty ? 'You have unsaved changes.' : 'No unsaved changes.'}
            </span>
          </div>
        </div>
      </SubmitForm>
      {conflict ? (
        <EditConflictDialog
          conflict={conflict}
          describe={describe}
          timezone={timezone}
          isSaving={saving}
          onResolve={resolve}
          onCancel={() => setConflict(null)}
        />
      ) : null}
    </Card>
  );
}
