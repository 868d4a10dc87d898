import { NavLink, Outlet, useParams } from 'react-router';
import { BoardAction, mayOnBoard } from '@app/contracts';
import { boardActor, useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import { Badge, PageHeader } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { zoneName } from '../../ui/time';
import { roleLabel } from '../../ui/words';

/** A board's frame: who I am on it, its zone, and its tabs (meetings, cases, members, settings). */
export function BoardPage() {
  const { boardId = '' } = useParams();
  const me = useMe();
  const board = useBoardQuery(boardId);
  return (
    <div className="page">
      <QueryView query={board} loadingLabel="Loading board…">
        {(view) => {
          const actor = boardActor(me, view.myRole);
          const tabs = [
            { to: '', label: 'Meetings', end: true },
            { to: 'cases', label: 'Cases', end: false },
            { to: 'missing-records', label: 'Missing records', end: false },
            ...(mayOnBoard(actor, BoardAction.Manage)
              ? [{ to: 'second-opinions', label: 'Second opinions', end: false }]
              : []),
            { to: 'members', label: 'Members', end: false },
            { to: 'follow-ups', label: 'Follow-ups', end: false },
            ...(mayOnBoard(actor, BoardAction.Manage)
              ? [{ to: 'quality', label: 'Quality', end: false }]
              : []),
            {
              to: 'settings',
              label: mayOnBoard(actor, BoardAction.Manage) ? 'Settings' : 'Policies',
              end: false,
            },
          ];
          return (
            <>
              <PageHeader
                eyebrow={view.institution}
                title={view.name}
                subtitle={
                  <>
                    {view.tumourSites.join(' · ') || 'No tumour sites listed'} — times in{' '}
                    <strong>{zoneName(view.timezone)}</strong>
                  </>
                }
                actions={
                  <Badge tone={view.myRole ? 'info' : 'neutral'}>
                    You: {roleLabel(view.myRole)}
                  </Badge>
                }
              />
              <nav aria-label="Board sections" className="tabs">
                {tabs.map((tab) => (
                  <NavLink
                    key={tab.to}
                    to={tab.to === '' ? `/boards/${boardId}` : `/boards/${boardId}/${tab.to}`}
                    end={tab.end}
                    className="tab"
                  >
                    {tab.label}
                  </NavLink>
                ))}
              </nav>
              <Outlet />
            </>
          );
        }}
      </QueryView>
    </div>
  );
}
