import { Logger } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { isObservable } from 'rxjs';

/** A socket as Nest's socket.io adapter binds it (its own copy of socket.io's types). */
type Socket = Parameters<IoAdapter['bindMessageHandlers']>[0];

type Acknowledge = (response: unknown) => void;

/**
 * Nest's socket.io adapter, binding each gateway handler straight to its socket.io event. Nest's
 * own builds an RxJS pipeline per event per socket (a dozen events on every connection) and runs
 * every message through it; in a wave of 250 ballots that pipeline cost about as much as
 * validating them. What a handler answers is handled as Nest does: an acknowledgement (unless the
 * handler acknowledges itself), `{ event, data }` emitted back, nothing for null or undefined,
 * each value of an observable in turn.
 */
export class DirectSocketAdapter extends IoAdapter {
  private readonly logger = new Logger('socket');

  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    // Nest's conversion of a result into an observable: answered here without one.
    _transform: unknown,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        const acknowledge = isAckHandledManually ? undefined : (ack as Acknowledge | undefined);
        const answer = (response: unknown) => this.answer(socket, response, acknowledge);
        Promise.resolve(callback(data, ack))
          .then((result: unknown) => {
            if (!isObservable(result)) return answer(result);
            result.subscribe({
              next: answer,
              error: (error: unknown) => this.failed(message, error),
            });
          })
          .catch((error: unknown) => this.failed(message, error));
      });
    }
  }

  /** What a handler answered: an acknowledgement, or `{ event, data }` to emit; nothing for null. */
  private answer(socket: Socket, response: unknown, ack: Acknowledge | undefined): void {
    if (response === null || response === undefined) return;
    const emitted = response as { event?: unknown; data?: unknown };
    if (typeof emitted.event === 'string') socket.emit(emitted.event, emitted.data);
    else ack?.(response);
  }

  /** A handler that threw past Nest's exception filters: logged, the socket keeps serving. */
  private failed(message: unknown, error: unknown): void {
    this.logger.error({ err: error, event: String(message) }, 'socket event handler failed');
  }
}
