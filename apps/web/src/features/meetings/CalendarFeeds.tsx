import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import type { BoardView, CalendarFeedView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, TextInput } from '../../ui/fields';
import { Card } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { meetingKeys } from './queries';
import { refusal } from './words';

/**
 * "Subscribe in your calendar": a personal iCalendar address for this board's meetings (times and
 * titles only, never patient details). The address is shown once, when it is created; the list
 * below offers to revoke the ones already handed out.
 */
export function CalendarFeeds({ board }: { board: BoardView }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CalendarFeedView | null>(null);
  const feeds = useQuery({
    queryKey: meetingKeys.feeds,
    queryFn: () => data(api.GET('/api/v1/users/me/calendar-feeds')),
  });
  const create = useMutation({
    mutationFn: () =>
      data(
        api.POST('/api/v1/boards/{boardId}/calendar-feeds', {
          params: { path: { boardId: board.id } },
        }),
      ),
    onSuccess: async (feed) => {
      setCreated(feed);
      await queryClient.invalidateQueries({ queryKey: meetingKeys.feeds });
    },
  });

  return (
    <Card
      title="Calendar subscription"
      actions={
        <Button variant="secondary" onPress={() => create.mutate()} isPending={create.isPending}>
          Subscribe in your calendar
        </Button>
      }
    >
      <p className="muted">
        Add this board’s meetings to Outlook, Google Calendar or Apple Calendar. They update there
        as meetings are moved or cancelled. Only times and titles are shared, never patient details.
      </p>
      <FormError message={create.error ? refusal(create.error) : null} />
      {created?.url ? <NewFeedAddress url={created.url} onDone={() => setCreated(null)} /> : null}
      <h3 className="meetings-subheading">Your subscriptions to this board</h3>
      <QueryView query={feeds} loadingLabel="Loading your subscriptions…">
        {(list) => {
          const mine = list.filter((feed) => feed.scope === 'board' && feed.boardId === board.id);
          if (mine.length === 0)
            return <Empty title="You have no calendar subscription to this board." />;
          return (
            <ul className="list-plain list-rows">
              {mine.map((feed) => (
                <FeedRow key={feed.id} feed={feed} timezone={board.timezone} />
              ))}
            </ul>
          );
        }}
      </QueryView>
    </Card>
  );
}

function NewFeedAddress({ url, onDone }: { url: string; onDone: () => void }) {
  const [copyStatus, setCopyStatus] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    setCopyStatus('');
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setCopyStatus('Copied');
    } catch {
      input.current?.select();
      setCopyStatus(
        'Could not copy. The address is selected: press Ctrl+C (⌘C on a Mac) to copy it.',
      );
    }
  };
  return (
    <div className="notice stack meetings-feed-new">
      <div className="meetings-copy-row">
        <TextInput
          label="Your calendar address"
          value={url}
          isReadOnly
          inputRef={input}
          description="Paste it into your calendar app as a subscription (“From URL” or “Subscribe to calendar”)."
        />
        <Button variant="primary" onPress={() => void copy()}>
          Copy
        </Button>
      </div>
      <p role="status" className="small">
        {copyStatus}
      </p>
      <p className="small">
        <strong>This address is shown only this once and is personal.</strong> Anyone who has it can
        see this board’s meeting times and titles, so do not share it. If it leaks, or you stop
        using it, revoke it below and subscribe again.
      </p>
      <div>
        <Button variant="secondary" size="small" onPress={onDone}>
          Done, hide the address
        </Button>
      </div>
    </div>
  );
}

function FeedRow({ feed, timezone }: { feed: CalendarFeedView; timezone: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () =>
      data(
        api.DELETE('/api/v1/calendar-feeds/{feedId}', { params: { path: { feedId: feed.id } } }),
      ),
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: meetingKeys.feeds });
    },
  });
  const created = dateTimeInZone(feed.createdAt, timezone);
  return (
    <li className="meetings-feed-row">
      <div>
        <div>Subscription created {created}</div>
        {feed.revokedAt ? (
          <div className="muted small">Revoked {dateTimeInZone(feed.revokedAt, timezone)}</div>
        ) : (
          <div className="muted small">Active</div>
        )}
      </div>
      {feed.revokedAt ? null : (
        <Button
          variant="secondary"
          size="small"
          onPress={() => setConfirming(true)}
          aria-label={`Revoke the subscription created ${created}`}
        >
          Revoke
        </Button>
      )}
      <Dialog
        title="Revoke this calendar subscription?"
        role="alertdialog"
        isOpen={confirming}
        onOpenChange={(open) => {
          setConfirming(open);
          if (!open) revoke.reset();
        }}
      >
        <p>
          The address created {created} stops working: calendars that use it will no longer receive
          this board’s meetings. You can subscribe again for a new address.
        </p>
        <FormError message={revoke.error ? refusal(revoke.error) : null} />
        <div className="dialog-actions">
          <Button
            variant="secondary"
            onPress={() => setConfirming(false)}
            isDisabled={revoke.isPending}
          >
            Keep it
          </Button>
          <Button variant="danger" onPress={() => revoke.mutate()} isPending={revoke.isPending}>
            Revoke
          </Button>
        </div>
      </Dialog>
    </li>
  );
}
