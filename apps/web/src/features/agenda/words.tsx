import { ApiError, asSentence, errorMessage } from '../../api/errors';
import type { AgendaItemView } from '../../api/types';
import { Badge } from '../../ui/Page';
import { AGENDA_ITEM_STATUS_LABELS } from '../../ui/words';

export function ItemStatusBadge({ status }: { status: AgendaItemView['status'] }) {
  const { label, tone } = AGENDA_ITEM_STATUS_LABELS[status] ?? {
    label: status,
    tone: 'neutral' as const,
  };
  return <Badge tone={tone}>{label}</Badge>;
}

const CAPACITY =
  /the agenda would need (\d+) minutes but the meeting lasts (\d+); (\d+) minutes are left/;

/** A refusal of an agenda change, in words a coordinator acts on. */
export function agendaRefusal(error: unknown): string {
  const text = errorMessage(error);
  const full = CAPACITY.exec(text);
  if (full) {
    const [, need, lasts, left] = full;
    const prefix = text.startsWith('the next meeting is full')
      ? 'The next meeting is full: its'
      : 'That does not fit: the';
    return `${prefix} agenda would need ${need} minutes but the meeting lasts ${lasts}, and ${left} ${
      left === '1' ? 'minute is' : 'minutes are'
    } free. Allot fewer minutes or shorten another case.`;
  }
  if (
    /^(the order must list every agenda item|agenda item \S+ is (listed more than once|not on this agenda|deferred))/.test(
      text,
    )
  )
    return 'The agenda changed while you were reordering it (a case was added, removed or deferred). It has been reloaded as it now stands; reorder again.';
  if (error instanceof ApiError && error.fieldMessages('presenterId').length > 0)
    return 'The presenter must be a member of the board who is not an observer.';
  return asSentence(text) || 'The request was refused.';
}
