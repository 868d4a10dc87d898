import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COLLAB_CLOSE, NOTE_TEXT } from '@app/contracts';
import type { TokenSource } from '../../api/client';
import { ApiError } from '../../api/errors';
import { announcement, userOf, type AwarenessUser } from './awareness';

/** A shared document: a case's notes or a meeting's minutes (`/collab/<kind>/<id>`). */
export interface NoteDocument {
  kind: 'cases' | 'meetings';
  id: string;
}

/** Why the connection is being (re)established. */
export type ConnectionTrouble = 'offline' | 'token_expired' | 'server_restarting' | 'server_error';

/**
 * `connecting`: before the first sync; `synced`: connected and up to date, local edits go out as
 * they are made; `reconnecting`: the link dropped after a sync and is being restored, local edits
 * are kept in the document and sent on return; `ended`: the session ended, nothing more is tried;
 * `refused`: the server did not accept a change, so the local document has diverged from it.
 */
export type NotesConnectionState =
  | { status: 'connecting'; why: ConnectionTrouble | null }
  | { status: 'synced' }
  | { status: 'reconnecting'; why: ConnectionTrouble }
  | { status: 'ended' }
  | { status: 'refused'; why: 'too_large' | 'rejected' };

/** What to do when the socket closes with a code (`null`: closed on this side, or never opened). */
export type CloseOutcome =
  | { action: 'reconnect'; why: 'offline' | 'server_restarting' | 'server_error' }
  | { action: 'renew' }
  | { action: 'stop'; state: Extract<NotesConnectionState, { status: 'ended' | 'refused' }> };

export function closeOutcome(code: number | null): CloseOutcome {
  switch (code) {
    case COLLAB_CLOSE.tokenExpired:
      return { action: 'renew' };
    case COLLAB_CLOSE.sessionEnded:
      return { action: 'stop', state: { status: 'ended' } };
    // Sending the same change again would be refused again.
    case COLLAB_CLOSE.documentTooLarge:
    case COLLAB_CLOSE.tooBig:
      return { action: 'stop', state: { status: 'refused', why: 'too_large' } };
    case COLLAB_CLOSE.unsupported:
    case COLLAB_CLOSE.malformed:
      return { action: 'stop', state: { status: 'refused', why: 'rejected' } };
    case COLLAB_CLOSE.goingAway:
      return { action: 'reconnect', why: 'server_restarting' };
    case COLLAB_CLOSE.serverError:
      return { action: 'reconnect', why: 'server_error' };
    default:
      return { action: 'reconnect', why: 'offline' };
  }
}

export interface NotesConnectionOptions {
  document: NoteDocument;
  tokens: TokenSource;
  user: { id: string; displayName: string; specialty: string };
  /** `ws://host` or `wss://host`; the page's own origin by default. */
  origin?: string;
  /** Another WebSocket implementation (tests). */
  WebSocketPolyfill?: typeof WebSocket;
}

/** Retries of a failed token request, when the session server cannot be reached. */
const TOKEN_RETRY_MS = [1_000, 2_000, 5_000, 10_000];

function pageOrigin(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
}

/** The session cannot give a token any more: signing in again is the only way on. */
function sessionOver(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 400);
}

function whyOf(state: NotesConnectionState): string | null {
  return 'why' in state ? state.why : null;
}

/**
 * One shared note, outside React: a Y.Doc, its y-websocket provider and the awareness of who is
 * in it. Every connection carries a current access token; an expired one (4001) is renewed and
 * the same document reconnects, so edits made meanwhile are kept and sent on return. A lost
 * network is retried by the provider; an ended session (4401) or a refused change stops it.
 * Components read `getState` and `getPeople` through `subscribe`.
 */
export class NotesConnection {
  readonly doc = new Y.Doc();
  readonly text: Y.Text;
  readonly awareness: Awareness;
  private readonly provider: WebsocketProvider;
  private readonly tokens: TokenSource;
  private readonly userId: string;
  private state: NotesConnectionState = { status: 'connecting', why: null };
  private people: readonly AwarenessUser[] = [];
  private readonly listeners = new Set<() => void>();
  private hasSynced = false;
  /** The token of the current connection, handed back to the session when it is rejected. */
  private token = '';
  private tokenFailures = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  constructor(options: NotesConnectionOptions) {
    this.tokens = options.tokens;
    this.userId = options.user.id;
    this.text = this.doc.getText(NOTE_TEXT);
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(announcement(options.user));
    this.provider = new WebsocketProvider(
      `${options.origin ?? pageOrigin()}/collab`,
      `${options.document.kind}/${options.document.id}`,
      this.doc,
      {
        connect: false,
        awareness: this.awareness,
        // Another tab's edits reach this one through the server, which checks its access.
        disableBc: true,
        maxBackoffTime: 5_000,
        WebSocketPolyfill: options.WebSocketPolyfill,
        shouldReconnect: (event) => closeOutcome(event.code).action === 'reconnect',
      },
    );
    this.provider.on('sync', (synced) => {
      if (!synced) return;
      this.hasSynced = true;
      this.set({ status: 'synced' });
    });
    this.provider.on('connection-close', (event) => this.closed(event?.code ?? null));
    this.awareness.on('change', this.awarenessChanged);
    void this.open(() => this.tokens.accessToken());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): NotesConnectionState => this.state;

  /** The others in the document (this user's other tabs excluded), by name. */
  getPeople = (): readonly AwarenessUser[] => this.people;

  /** Leaves the document: the socket closes, and the others see this user go. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.retry) clearTimeout(this.retry);
    this.awareness.off('change', this.awarenessChanged);
    this.provider.destroy();
    this.awareness.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  private get stopped(): boolean {
    return this.destroyed || this.state.status === 'ended' || this.state.status === 'refused';
  }

  /** Connects once the session gives a token; retries while the session server is unreachable. */
  private async open(token: () => Promise<string>): Promise<void> {
    let current: string;
    try {
      current = await token();
    } catch (error) {
      if (this.stopped) return;
      if (sessionOver(error)) {
        this.set({ status: 'ended' });
        return;
      }
      this.set(this.trouble('offline'));
      const delay = TOKEN_RETRY_MS[Math.min(this.tokenFailures, TOKEN_RETRY_MS.length - 1)];
      this.tokenFailures += 1;
      this.retry = setTimeout(() => void this.open(() => this.tokens.accessToken()), delay);
      return;
    }
    if (this.stopped) return;
    this.tokenFailures = 0;
    this.useToken(current);
    this.provider.connect();
  }

  private closed(code: number | null): void {
    if (this.stopped) return;
    const outcome = closeOutcome(code);
    if (outcome.action === 'stop') {
      this.set(outcome.state);
    } else if (outcome.action === 'renew') {
      this.set(this.trouble('token_expired'));
      void this.open(() => this.tokens.recover(this.token));
    } else {
      this.set(this.trouble(outcome.why));
      // The provider retries by itself: hand it a current token for that attempt.
      this.tokens.accessToken().then(
        (token) => {
          if (!this.stopped) this.useToken(token);
        },
        (error: unknown) => {
          if (this.stopped || !sessionOver(error)) return;
          this.set({ status: 'ended' });
          this.provider.disconnect();
        },
      );
    }
  }

  private useToken(token: string): void {
    this.token = token;
    this.provider.params = { token };
  }

  private trouble(why: ConnectionTrouble): NotesConnectionState {
    return { status: this.hasSynced ? 'reconnecting' : 'connecting', why };
  }

  private readonly awarenessChanged = (): void => {
    const byUser = new Map<string, AwarenessUser>();
    for (const [clientId, state] of this.awareness.getStates()) {
      const user = userOf(state);
      if (clientId === this.doc.clientID || !user || user.id === this.userId) continue;
      byUser.set(user.id, user);
    }
    const people = [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
    const same =
      people.length === this.people.length &&
      people.every(
        (person, index) =>
          person.id === this.people[index]?.id &&
          person.name === this.people[index]?.name &&
          person.specialty === this.people[index]?.specialty,
      );
    if (same) return;
    this.people = people;
    this.notify();
  };

  private set(state: NotesConnectionState): void {
    if (this.stopped) return;
    if (state.status === this.state.status && whyOf(state) === whyOf(this.state)) return;
    this.state = state;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
