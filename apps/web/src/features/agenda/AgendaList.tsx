import { useEffect, useRef } from 'react';
import { GridList, GridListItem, Link, useDragAndDrop } from 'react-aria-components';
import type { AgendaItemView } from '../../api/types';
import { Button } from '../../ui/Button';
import { moveBy, moveTo, sameOrder } from './order';
import { ItemStatusBadge } from './words';

export interface ItemPermissions {
  edit: boolean;
  defer: boolean;
  remove: boolean;
}

/**
 * The agenda in order. A coordinator reorders it by dragging a row (mouse), by the drag handle
 * (keyboard: Enter to pick up, arrows to choose the place, Enter to drop; announced to screen
 * readers), or with each row's Move up / Move down buttons. Tab moves through a row's buttons;
 * the arrow keys move between rows.
 */
export function AgendaList({
  items,
  presenterName,
  canReorder,
  permissions,
  onReorder,
  onEdit,
  onDefer,
  onRemove,
}: {
  items: AgendaItemView[];
  presenterName: (userId: string) => string;
  canReorder: boolean;
  permissions: (item: AgendaItemView) => ItemPermissions;
  /** The full new order of item ids, and the item the person moved. */
  onReorder: (itemIds: string[], moved: AgendaItemView) => void;
  onEdit: (item: AgendaItemView) => void;
  onDefer: (item: AgendaItemView) => void;
  onRemove: (item: AgendaItemView) => void;
}) {
  const ids = items.map((item) => item.id);
  const byId = new Map(items.map((item) => [item.id, item]));
  const listRef = useRef<HTMLDivElement>(null);
  // A moved row is re-rendered in its new place and focus would drop to the page: after Move up /
  // Move down keep it on that button, after a drop on the row's drag handle.
  const refocus = useRef<{ id: string; control: 'up' | 'down' | 'drag' } | null>(null);

  const { dragAndDropHooks } = useDragAndDrop<AgendaItemView>({
    getItems: (keys) =>
      [...keys].map((key) => ({ 'text/plain': byId.get(String(key))?.patientRef ?? String(key) })),
    onReorder: (event) => {
      const moving = new Set([...event.keys].map(String));
      const next = moveTo(
        ids,
        moving,
        String(event.target.key),
        event.target.dropPosition === 'before' ? 'before' : 'after',
      );
      const moved = byId.get([...moving][0] ?? '');
      if (!moved || sameOrder(next, ids)) return;
      refocus.current = { id: moved.id, control: 'drag' };
      onReorder(next, moved);
    },
  });

  const move = (item: AgendaItemView, direction: 'up' | 'down') => {
    const next = moveBy(ids, item.id, direction === 'up' ? -1 : 1);
    if (sameOrder(next, ids)) return;
    refocus.current = { id: item.id, control: direction };
    onReorder(next, item);
  };

  const order = ids.join(',');
  useEffect(() => {
    const target = refocus.current;
    if (!target) return;
    refocus.current = null;
    // At either end the button in that direction is disabled: keep focus on the other one.
    const ordered = order.split(',');
    const index = ordered.indexOf(target.id);
    let control = target.control;
    if (control === 'up' && index === 0) control = 'down';
    else if (control === 'down' && index === ordered.length - 1) control = 'up';
    // The list re-renders its rows after this render; focus once they are in place, unless the
    // person has meanwhile gone elsewhere (a mouse drop leaves focus where it was).
    const frame = requestAnimationFrame(() => {
      const list = listRef.current;
      const active = document.activeElement;
      if (!list || (active && active !== document.body && !list.contains(active))) return;
      list
        .querySelector<HTMLButtonElement>(
          `[data-agenda-item="${target.id}"] [data-move="${control}"]`,
        )
        ?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [order]);

  return (
    <GridList
      // The list runs its drag and drop hooks only while it can be reordered. That changes as the
      // agenda crosses one case (the second added, one deferred) or the meeting closes: a list that
      // gained or lost its hooks in place would render a different number of hooks and crash, so it
      // is a new list then (no drag hooks for a read-only list: React Aria wants a drag handle on
      // every row of a draggable one).
      key={canReorder ? 'reorderable' : 'fixed'}
      ref={listRef}
      aria-label="Agenda, in order of discussion"
      className="agenda-list"
      selectionMode="none"
      keyboardNavigationBehavior="tab"
      dragAndDropHooks={canReorder ? dragAndDropHooks : undefined}
    >
      {/* Rendered from the array (not the items prop) so positions and rights are never cached. */}
      {items.map((item, index) => {
        const allowed = permissions(item);
        const label = `${index + 1}. ${item.patientRef}`;
        return (
          <GridListItem key={item.id} id={item.id} textValue={label} className="agenda-item">
            <div className="agenda-row" data-agenda-item={item.id}>
              <span className="agenda-lead">
                {canReorder ? (
                  <Button
                    slot="drag"
                    variant="quiet"
                    size="small"
                    className="agenda-drag"
                    data-move="drag"
                  >
                    <span aria-hidden="true">⠿</span>
                  </Button>
                ) : null}
                <span className="agenda-position" aria-hidden="true">
                  {index + 1}
                </span>
              </span>
              <div className="agenda-main">
                <div className="agenda-title">
                  <Link href={`/cases/${item.caseId}`} className="agenda-case-link">
                    {item.patientRef || 'Case'}
                  </Link>
                  <ItemStatusBadge status={item.status} />
                </div>
                <div className="small">
                  {item.minutesAllotted} min · presented by {presenterName(item.presenterId)}
                </div>
              </div>
              {item.overrideReason || item.deferredFromItemId ? (
                // Under the case and its buttons: a reason can be long.
                <div className="agenda-notes">
                  {item.overrideReason ? (
                    <div className="small agenda-override">
                      Added before it was ready: {item.overrideReason}
                    </div>
                  ) : null}
                  {item.deferredFromItemId ? (
                    <div className="small muted">Carried over from an earlier meeting.</div>
                  ) : null}
                </div>
              ) : null}
              <div className="agenda-actions">
                {canReorder ? (
                  <>
                    <Button
                      size="small"
                      variant="secondary"
                      data-move="up"
                      isDisabled={index === 0}
                      aria-label={`Move up, ${item.patientRef}`}
                      onPress={() => move(item, 'up')}
                    >
                      Move up
                    </Button>
                    <Button
                      size="small"
                      variant="secondary"
                      data-move="down"
                      isDisabled={index === items.length - 1}
                      aria-label={`Move down, ${item.patientRef}`}
                      onPress={() => move(item, 'down')}
                    >
                      Move down
                    </Button>
                  </>
                ) : null}
                {allowed.edit ? (
                  <Button
                    size="small"
                    variant="quiet"
                    aria-label={`Edit, ${item.patientRef}`}
                    onPress={() => onEdit(item)}
                  >
                    Edit
                  </Button>
                ) : null}
                {allowed.defer ? (
                  <Button
                    size="small"
                    variant="quiet"
                    aria-label={`Defer, ${item.patientRef}`}
                    onPress={() => onDefer(item)}
                  >
                    Defer
                  </Button>
                ) : null}
                {allowed.remove ? (
                  <Button
                    size="small"
                    variant="quiet"
                    aria-label={`Remove, ${item.patientRef}`}
                    onPress={() => onRemove(item)}
                  >
                    Remove
                  </Button>
                ) : null}
              </div>
            </div>
          </GridListItem>
        );
      })}
    </GridList>
  );
}
