import { useState } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { dateTimeInZone } from '../../ui/time';
import {
  defaultChoice,
  type CaseFormValues,
  type Choice,
  type Describe,
  type FieldSpec,
} from './caseForm';
import './cases.css';

export interface EditConflict {
  /** What the user had loaded, what they typed, and what is saved now. */
  base: CaseFormValues;
  mine: CaseFormValues;
  theirs: CaseFormValues;
  theirVersion: number;
  theirUpdatedAt: string;
  /** The fields someone else changed since the user loaded the case. */
  fields: FieldSpec[];
}

/**
 * Someone saved the case while the user was editing it. Nothing the user typed is lost: each
 * field the other person changed is listed with both values, and the user keeps theirs or takes
 * the other person's, field by field, before saving against the new version.
 */
export function EditConflictDialog({
  conflict,
  describe,
  timezone,
  isSaving,
  onResolve,
  onCancel,
}: {
  conflict: EditConflict;
  describe: Describe;
  timezone: string;
  isSaving: boolean;
  onResolve: (choices: Record<string, Choice>) => void;
  onCancel: () => void;
}) {
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(
      conflict.fields.map((spec) => [spec.id, defaultChoice(conflict.base, conflict.mine, spec)]),
    ),
  );
  return (
    <Dialog
      title="Someone else changed this case"
      isOpen
      isDismissable={false}
      onOpenChange={(open) => {
        if (!open && !isSaving) onCancel();
      }}
    >
      <div className="stack edit-conflict">
        <p>
          While you were editing, the case was saved by someone else (
          {dateTimeInZone(conflict.theirUpdatedAt, timezone)}). Your changes are kept. For each
          field they changed, choose which value to save; everything else you typed is saved as it
          is.
        </p>
        <div className="table-wrap">
          <table className="table row-headed">
            <caption className="visually-hidden">Fields changed by someone else</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Saved by someone else</th>
                <th scope="col">Yours</th>
                <th scope="col">Save</th>
              </tr>
            </thead>
            <tbody>
              {conflict.fields.map((spec) => (
                <tr key={spec.id}>
                  <th scope="row">{spec.label}</th>
                  <td>{spec.show(conflict.theirs, describe)}</td>
                  <td>{spec.show(conflict.mine, describe)}</td>
                  <td>
                    <RadioGroup
                      className="radio-group"
                      value={choices[spec.id]}
                      onChange={(value) =>
                        setChoices((current) => ({ ...current, [spec.id]: value as Choice }))
                      }
                      isDisabled={isSaving}
                    >
                      <Label className="visually-hidden">Value to save for {spec.label}</Label>
                      <div className="radio-options">
                        <Radio value="theirs" className="radio">
                          Theirs
                        </Radio>
                        <Radio value="mine" className="radio">
                          Mine
                        </Radio>
                      </div>
                    </RadioGroup>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="dialog-actions">
          <Button onPress={onCancel} isDisabled={isSaving}>
            Back to my edits
          </Button>
          <Button variant="primary" isPending={isSaving} onPress={() => onResolve(choices)}>
            Save with these choices
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
