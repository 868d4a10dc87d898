import { OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import {
  Ack,
  BallotReceiptView,
  ClientToServerEvents,
  ServerToClientEvents,
  VoteView,
} from '@app/contracts';
import { DomainEventBus, Refused } from '@app/core';
import { VOTE_EVENTS, VoteEvent, VotesService } from '@app/voting';
import { LatestWins } from './domain';
import { CastVoteDto, CloseVoteDto, OpenLiveVoteDto } from './dto/vote.dto';
import { PresenceService } from './presence/presence.service';
import { RoomService } from './room.service';
import {
  LiveSocket,
  MEETINGS_NAMESPACE,
  SocketRateLimiter,
  meetingRoom,
  monotonicMs,
  rateLimited,
  respond,
} from './socket-ack';

const VOTE_PROGRESS_INTERVAL_MS = 100;

type VoteProgress = Parameters<ServerToClientEvents['vote:progress']>[0];

/**
 * Votes in the live room on the /meetings namespace (the handshake authentication of the live
 * room applies): opened on the focused case for the members present, cast and closed over the
 * socket; the votes' committed changes reach the meeting's room.
 */
@WebSocketGateway(MEETINGS_NAMESPACE)
export class VoteGateway implements OnGatewayInit, OnModuleDestroy {
  /** Ballot counts reach the room at most 10 times a second per vote, the latest winning. */
  private readonly voteProgress = new Map<string, LatestWins<VoteProgress>>();
  private unsubscribe: (() => void) | null = null;

  @WebSocketServer()
  private readonly namespace!: Namespace<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly votes: VotesService,
    private readonly rooms: RoomService,
    private readonly presence: PresenceService,
    private readonly limiter: SocketRateLimiter,
    private readonly events: DomainEventBus,
  ) {}

  afterInit(): void {
    this.unsubscribe = this.events.subscribeTo(VOTE_EVENTS, (event) => this.tellVote(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const stream of this.voteProgress.values()) stream.stop();
    this.voteProgress.clear();
  }

  /** The chair, presenter or a coordinator opens a vote on the focused case; eligible: voting members present. */
  @SubscribeMessage('vote:open')
  async openVote(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ vote: VoteView }>> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(OpenLiveVoteDto, body, async ({ meetingId, question, options }) => {
      if (!this.presence.isPresent(meetingId, socket.id))
        throw new Refused('not_joined', 'join the meeting first');
      const context = await this.rooms.voteContext(meetingId);
      const vote = await this.votes.openLive(socket.data.user, {
        meetingId,
        ...context,
        question,
        options: options.map((option) => ({ ...option, sequence: option.sequence ?? null })),
      });
      return { vote };
    });
  }

  @SubscribeMessage('vote:cast')
  async castVote(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ receipt: BallotReceiptView }>> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(CastVoteDto, body, async ({ voteId, choice, comment, submissionId }) => ({
      receipt: await this.votes.cast(socket.data.user, voteId, {
        optionId: choice === 'abstain' ? null : choice.toLowerCase(),
        comment: comment ?? null,
        submissionId,
      }),
    }));
  }

  @SubscribeMessage('vote:close')
  async closeVote(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ vote: VoteView }>> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(CloseVoteDto, body, async ({ voteId }) => ({
      vote: await this.votes.closeByChair(socket.data.user, voteId),
    }));
  }

  /** A committed change to a vote of a meeting, told to its room; ballot counts at most 10 times a second. */
  private tellVote(event: VoteEvent): void {
    if (!event.meetingId) return;
    const to = this.namespace.to(meetingRoom(event.meetingId));
    if (event.type === 'opened' && event.announcement) to.emit('vote:opened', event.announcement);
    if (event.type === 'progress') {
      let stream = this.voteProgress.get(event.voteId);
      if (!stream) {
        stream = new LatestWins<VoteProgress>(
          VOTE_PROGRESS_INTERVAL_MS,
          (progress) => to.emit('vote:progress', progress),
          monotonicMs,
        );
        this.voteProgress.set(event.voteId, stream);
      }
      stream.push({
        voteId: event.voteId,
        ballotsReceived: event.ballotsReceived,
        eligibleCount: event.eligibleCount,
      });
    }
    if (event.type === 'closed') {
      this.voteProgress.get(event.voteId)?.stop();
      this.voteProgress.delete(event.voteId);
      to.emit('vote:closed', {
        voteId: event.voteId,
        outcome: event.outcome,
        tally: event.tally,
      });
    }
  }
}
