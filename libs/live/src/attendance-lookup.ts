import { Injectable } from '@nestjs/common';
import { AgendaAttendance } from '@app/voting';
import { AttendanceRepository } from './attendance.repository';

/**
 * Read functions over the live lib's meeting attendance for other libs, which never name these tables themselves
 * (docs/architecture.md, "Table owners"). Their queries live in the attendance repository; inside a transaction
 * they join it (`uow.manager`).
 */
@Injectable()
export class AttendanceLookup implements AgendaAttendance {
  constructor(private readonly stays: AttendanceRepository) {}

  /** Everyone recorded as present while the agenda item was in discussion, each once. */
  attendeeIdsOf(agendaItemId: string): Promise<string[]> {
    return this.stays.userIdsOfItem(agendaItemId);
  }

  /** Everyone recorded as present in each of these meetings, each once, by meeting. */
  async attendeeIdsOfMeetings(meetingIds: string[]): Promise<Map<string, string[]>> {
    const attendees = new Map<string, string[]>(meetingIds.map((id) => [id, []]));
    if (meetingIds.length === 0) return attendees;
    for (const row of await this.stays.userIdsOfMeetings(meetingIds))
      attendees.get(row.meeting_id)?.push(row.user_id);
    return attendees;
  }
}
