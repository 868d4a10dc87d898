import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { data } from '../../api/client';
import { useApi, useMe } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { Button } from '../../ui/Button';
import { FormError, TextInput } from '../../ui/fields';
import { Badge, Card, PageHeader } from '../../ui/Page';
import { AccessProblem, Empty, QueryView } from '../../ui/states';
import { dateTimeInZone, localZone, zoneName } from '../../ui/time';
import './audit.css';

const PAGE = 50;

interface Filters {
  action: string;
  targetType: string;
  targetId: string;
  actorId: string;
}

const NO_FILTERS: Filters = { action: '', targetType: '', targetId: '', actorId: '' };

/** The tamper-evident audit log for administrators: search it and verify the hash chain. */
export function AuditPage() {
  const me = useMe();
  if (me.role !== 'admin')
    return (
      <div className="page page-narrow">
        <AccessProblem status={403} message="The audit log is for administrators." />
      </div>
    );
  return <AuditLog />;
}

function AuditLog() {
  const api = useApi();
  const zone = localZone();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  // Who the actors are, by name: the directory's first 200 accounts cover a hospital's
  // clinicians; an id not among them is shown as it is.
  const directory = useQuery({
    queryKey: ['users', 'directory'],
    queryFn: () => data(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })),
    staleTime: 5 * 60_000,
  });
  const nameOf = new Map((directory.data?.items ?? []).map((user) => [user.id, user.displayName]));
  const events = useQuery({
    queryKey: ['audit', filters, offset],
    queryFn: () =>
      data(
        api.GET('/api/v1/audit', {
          params: {
            query: {
              limit: PAGE,
              offset,
              ...(filters.action ? { action: filters.action } : {}),
              ...(filters.targetType ? { targetType: filters.targetType } : {}),
              ...(filters.targetId ? { targetId: filters.targetId } : {}),
              ...(filters.actorId ? { actorId: filters.actorId } : {}),
            },
          },
        }),
      ),
    placeholderData: (previous) => previous,
  });
  const verify = useMutation({ mutationFn: () => data(api.GET('/api/v1/audit/verify')) });
  const set = (key: keyof Filters) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));
  return (
    <div className="page">
      <PageHeader
        title="Audit log"
        subtitle={`Every access to patient data and every change, chained by SHA-256. Times in ${zoneName(zone)}.`}
        actions={
          <Button variant="primary" isPending={verify.isPending} onPress={() => verify.mutate()}>
            Verify the chain
          </Button>
        }
      />
      {verify.data ? (
        verify.data.ok ? (
          <p className="notice notice-success" role="status">
            The chain is intact: {verify.data.checked.toLocaleString('en-GB')} entries checked.{' '}
            {verify.data.checkpoint
              ? `It still holds every entry the checkpoint of ${dateTimeInZone(verify.data.checkpoint.recordedAt, zone)} recorded.`
              : 'No checkpoint is kept outside the database yet, so deleting the newest entries would not show.'}
          </p>
        ) : (
          <p className="form-error" role="alert">
            The chain is broken at entry {verify.data.firstBroken?.seq}:{' '}
            {verify.data.firstBroken?.reason}. Report this to your security officer.
          </p>
        )
      ) : null}
      <FormError message={verify.error ? errorMessage(verify.error) : null} />
      <Card>
        <Form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            setOffset(0);
            setFilters(draft);
          }}
        >
          <TextInput
            label="Action"
            value={draft.action}
            onChange={set('action')}
            placeholder="e.g. case.viewed"
          />
          <TextInput
            label="Target type"
            value={draft.targetType}
            onChange={set('targetType')}
            placeholder="e.g. case"
          />
          <TextInput label="Target id" value={draft.targetId} onChange={set('targetId')} />
          <TextInput label="Actor id" value={draft.actorId} onChange={set('actorId')} />
          <Button type="submit">Search</Button>
        </Form>
      </Card>
      <QueryView query={events} loadingLabel="Loading the audit log…">
        {(page) =>
          page.items.length === 0 ? (
            <Card>
              <Empty title="No entries match." />
            </Card>
          ) : (
            <Card>
              <div className="table-wrap">
                <table className="table audit-table">
                  <caption className="visually-hidden">Audit entries</caption>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">When</th>
                      <th scope="col">Action</th>
                      <th scope="col">Target</th>
                      <th scope="col">Actor</th>
                      <th scope="col">Client</th>
                      <th scope="col">Hash</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((event) => (
                      <tr key={event.seq}>
                        <td className="mono">{event.seq}</td>
                        <td className="small">{dateTimeInZone(event.occurredAt, zone)}</td>
                        <td>
                          <Badge
                            tone={
                              event.action.includes('fail') || event.action.includes('reuse')
                                ? 'danger'
                                : 'neutral'
                            }
                          >
                            {event.action}
                          </Badge>
                          {Object.keys(event.details).length > 0 ? (
                            <div className="mono small audit-details">
                              {JSON.stringify(event.details)}
                            </div>
                          ) : null}
                        </td>
                        <td className="small">
                          {event.targetType}
                          {event.targetId ? <div className="mono">{event.targetId}</div> : null}
                        </td>
                        <td className="small">
                          {event.actorId === null ? (
                            'system'
                          ) : (
                            <>
                              {nameOf.get(event.actorId) ?? null}
                              <div className="mono">{event.actorId}</div>
                            </>
                          )}
                        </td>
                        <td className="mono small">{event.clientIp ?? '—'}</td>
                        <td className="mono small" title={event.hash}>
                          {event.hash.slice(0, 12)}…
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="pager">
                <span className="muted small" aria-live="polite">
                  {offset + 1}–{offset + page.items.length} of {page.total.toLocaleString('en-GB')}
                </span>
                <Button
                  size="small"
                  isDisabled={offset === 0}
                  onPress={() => setOffset(Math.max(0, offset - PAGE))}
                >
                  Newer
                </Button>
                <Button
                  size="small"
                  isDisabled={offset + PAGE >= page.total}
                  onPress={() => setOffset(offset + PAGE)}
                >
                  Older
                </Button>
              </div>
            </Card>
          )
        }
      </QueryView>
    </div>
  );
}
