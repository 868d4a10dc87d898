import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { LiveConnection } from '../../api/live';
import { RoomClient, type RoomState } from './RoomClient';

export function useRoomState(room: RoomClient): RoomState {
  return useSyncExternalStore(room.subscribe, room.getState);
}

/** The time now, advancing once a second: what the running timers are read against. */
export function useSecondTick(now: () => number = Date.now): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), 1000);
    return () => clearInterval(timer);
  }, [now]);
  return time;
}

/** The room client of one meeting on a live connection: joined on mount, left on unmount. */
export function useRoomClient(live: LiveConnection, meetingId: string): RoomClient {
  const room = useMemo(() => new RoomClient(live, meetingId), [live, meetingId]);
  useEffect(() => {
    void room.join();
    return () => room.leave();
  }, [room]);
  return room;
}
