import { fieldProblem, namesAField } from '../../api/errors';
import { NumberInput, SelectField, type Option } from '../../ui/fields';
import { agendaRefusal } from './words';

/** Whether minutes typed for an item are an allotment the server takes (1 to 240, whole). */
export function isAllotment(minutes: number | null): minutes is number {
  return minutes !== null && Number.isInteger(minutes) && minutes >= 1 && minutes <= 240;
}

export const ALLOTMENT_PROBLEM = 'Allot between 1 and 240 whole minutes.';

/** A refusal of an item's minutes or presenter that names neither field (shown above the buttons). */
export function itemRefusal(error: unknown): string | null {
  return error && !namesAField(error, ['minutesAllotted', 'presenterId'])
    ? agendaRefusal(error)
    : null;
}

/**
 * An agenda item's minutes and presenter, side by side, with the form's problems and the
 * server's (`error`) under them.
 */
export function ItemFields({
  minutes,
  onMinutes,
  presenterId,
  onPresenter,
  presenters,
  problems,
  error,
}: {
  minutes: number | null;
  onMinutes: (minutes: number | null) => void;
  presenterId: string | null;
  onPresenter: (presenterId: string) => void;
  presenters: readonly Option[];
  problems: { minutes?: string | undefined; presenter?: string | undefined };
  error: unknown;
}) {
  return (
    <div className="row">
      <NumberInput
        label="Minutes allotted"
        value={minutes}
        onChange={onMinutes}
        minValue={1}
        maxValue={240}
        isRequired
        errorMessage={problems.minutes ?? fieldProblem(error, 'minutesAllotted')}
      />
      <SelectField
        label="Presenter"
        options={presenters}
        value={presenterId}
        onChange={onPresenter}
        isRequired
        errorMessage={problems.presenter ?? fieldProblem(error, 'presenterId')}
      />
    </div>
  );
}
