import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { data } from '../../api/client';
import { useApi, useMe } from '../../api/context';
import type { Schemas } from '../../api/types';
import { Button } from '../../ui/Button';
import { Badge, Card, PageHeader } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import {
  calendarDate,
  dateTimeInZone,
  shortDayInZone,
  timeInZone,
  zoneAbbreviation,
  zoneName,
} from '../../ui/time';
import { CASE_STATUS_LABELS, PRIORITY_LABELS, roleLabel, specialtyLabel } from '../../ui/words';
import './home.css';

type Home = Schemas['HomeView'];

export const homeKey = ['home'] as const;

/** What comes next and what waits on me, across all my boards, at a glance. */
export function HomePage() {
  const api = useApi();
  const me = useMe();
  const home = useQuery({
    queryKey: homeKey,
    queryFn: () => data(api.GET('/api/v1/users/me/home')),
  });
  return (
    <div className="page">
      <PageHeader
        title={`Good ${greeting()}, ${me.displayName}`}
        subtitle={`${specialtyLabel(me.specialty)} · ${me.institution}`}
      />
      <QueryView query={home} loadingLabel="Loading your day…">
        {(view) => (
          <div className="columns">
            <div>
              <NextMeetings meetings={view.nextMeetings} />
              <MyCases home={view} />
            </div>
            <WaitingOnMe home={view} />
          </div>
        )}
      </QueryView>
    </div>
  );
}

function greeting(): string {
  const hour = new Date().getHours();
  return hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
}

const FIRST_MEETINGS = 5;

function NextMeetings({ meetings }: { meetings: Home['nextMeetings'] }) {
  const [all, setAll] = useState(false);
  const shown = all ? meetings : meetings.slice(0, FIRST_MEETINGS);
  return (
    <Card title="Next meetings">
      {meetings.length === 0 ? (
        <Empty title="No meetings coming up on your boards." />
      ) : (
        <>
          <ul className="list-plain list-rows">
            {shown.map((meeting) => (
              <li key={meeting.id} className="meeting-row">
                <div className="meeting-date">
                  <span className="meeting-day">
                    {shortDayInZone(meeting.startsAt, meeting.timezone)}
                  </span>
                  <span className="meeting-time">
                    {timeInZone(meeting.startsAt, meeting.timezone)}{' '}
                    {zoneAbbreviation(meeting.startsAt, meeting.timezone)}
                  </span>
                  <span className="muted small">{zoneName(meeting.timezone)}</span>
                </div>
                <div className="meeting-what">
                  <Link href={`/meetings/${meeting.id}`} className="strong-link">
                    {meeting.title}
                  </Link>
                  <div className="muted small">
                    <Link href={`/boards/${meeting.boardId}`}>{meeting.boardName}</Link> · You:{' '}
                    {roleLabel(meeting.myRole)} · {meeting.durationMinutes} min
                  </div>
                </div>
                <div className="meeting-load">
                  {meeting.status === 'live' ? <Badge tone="danger">Live now</Badge> : null}
                  <Badge tone={meeting.agendaItems > 0 ? 'info' : 'neutral'}>
                    {meeting.agendaItems} {meeting.agendaItems === 1 ? 'case' : 'cases'}
                  </Badge>
                </div>
              </li>
            ))}
          </ul>
          {meetings.length > FIRST_MEETINGS ? (
            <Button variant="quiet" size="small" onPress={() => setAll(!all)}>
              {all ? 'Show fewer' : `Show all ${meetings.length}`}
            </Button>
          ) : null}
        </>
      )}
    </Card>
  );
}

function MyCases({ home }: { home: Home }) {
  return (
    <Card title="Cases I present">
      {home.myCases.length === 0 ? (
        <Empty title="You are not presenting any open case." />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Status</th>
                <th scope="col">Readiness</th>
                <th scope="col">Next meeting</th>
              </tr>
            </thead>
            <tbody>
              {home.myCases.map((item) => {
                const status = CASE_STATUS_LABELS[item.status];
                return (
                  <tr key={item.caseId}>
                    <td>
                      <Link href={`/cases/${item.caseId}`} className="strong-link">
                        {item.patientRef}
                      </Link>
                      <div className="muted small">
                        {item.primarySite ?? 'Site not recorded'} · {item.boardName}
                        {item.priority !== 'routine' ? (
                          <> · {PRIORITY_LABELS[item.priority]}</>
                        ) : null}
                      </div>
                    </td>
                    <td>
                      <Badge tone={status?.tone}>{status?.label ?? item.status}</Badge>
                    </td>
                    <td>
                      {item.readiness.ready ? (
                        <Badge tone="success">Ready</Badge>
                      ) : (
                        <span className="small">Missing: {item.readiness.missing.join(', ')}</span>
                      )}
                    </td>
                    <td className="small">
                      {item.nextMeeting
                        ? dateTimeInZone(item.nextMeeting.startsAt, item.nextMeeting.timezone)
                        : item.dueDate
                          ? `Due ${calendarDate(item.dueDate)}`
                          : 'Not scheduled'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function WaitingOnMe({ home }: { home: Home }) {
  const waiting = home.waitingOnMe;
  const nothing =
    waiting.missingRecords.length === 0 &&
    waiting.notReadyForNextMeeting.length === 0 &&
    waiting.preparationRequests.open === 0;
  return (
    <Card title="Waiting on me" className="waiting">
      {nothing ? (
        <Empty title="Nothing is waiting on you." />
      ) : (
        <div className="stack">
          {waiting.preparationRequests.open > 0 ? (
            <section aria-labelledby="prep-heading">
              <h3 id="prep-heading">
                Preparation requests{' '}
                <Badge tone="warning">{waiting.preparationRequests.open}</Badge>
              </h3>
              <ul className="list-plain list-rows">
                {waiting.preparationRequests.first.map((request) => (
                  <li key={request.id}>
                    <Link href={`/cases/${request.caseId}`}>{request.patientRef}</Link>{' '}
                    <span className="muted small">
                      · {specialtyLabel(request.specialty)} · {request.boardName}
                    </span>
                    <div className="small">{request.question}</div>
                  </li>
                ))}
              </ul>
              <Link href="/preparation" className="small">
                Open my worklist
              </Link>
            </section>
          ) : null}
          {waiting.missingRecords.length > 0 ? (
            <section aria-labelledby="missing-heading">
              <h3 id="missing-heading">Records missing on my cases</h3>
              <ul className="list-plain list-rows">
                {waiting.missingRecords.map((item) => (
                  <li key={item.caseId}>
                    <Link href={`/cases/${item.caseId}`}>{item.patientRef}</Link>
                    {item.dueDate ? (
                      <span className="muted small"> · due {calendarDate(item.dueDate)}</span>
                    ) : null}
                    <div className="small">{item.missing.join(', ')}</div>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {waiting.notReadyForNextMeeting.length > 0 ? (
            <section aria-labelledby="notready-heading">
              <h3 id="notready-heading">Not ready for the next meeting</h3>
              <ul className="list-plain list-rows">
                {waiting.notReadyForNextMeeting.map((item) => (
                  <li key={item.caseId}>
                    <Link href={`/cases/${item.caseId}`}>{item.patientRef}</Link>{' '}
                    <span className="muted small">
                      · {item.boardName} · {item.onAgenda ? 'on the agenda' : 'due by then'}
                    </span>
                    <div className="small">
                      Next meeting {dateTimeInZone(item.meeting.startsAt, item.meeting.timezone)}
                    </div>
                    <div className="small">Missing: {item.missing.join(', ')}</div>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      )}
    </Card>
  );
}
