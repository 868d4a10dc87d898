/**
 * Who attended an agenda item's discussion in the live room. The live lib owns attendance and
 * provides this (voting may not import live, which builds on voting); the recommendation names
 * these people among its participants.
 */
export abstract class AgendaAttendance {
  /** Ids of everyone recorded as present while the agenda item was in discussion. */
  abstract attendeeIdsOf(agendaItemId: string): Promise<string[]>;
}
