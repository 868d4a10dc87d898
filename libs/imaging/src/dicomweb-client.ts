import { Injectable, OnModuleDestroy } from '@nestjs/common';
import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import { DomainError } from '@app/core';
import { DicomWebAuth, DicomWebSource, PacsTimeout, PacsUnavailable } from './domain';

export interface UpstreamRequest {
  source: DicomWebSource;
  /** Under the source's root: `/studies/…`. */
  path: string;
  query?: URLSearchParams;
  accept: string;
  /** Aborted when the client goes away: the request to the PACS stops too. */
  signal: AbortSignal;
}

/** Network errors that mean the PACS is not there (rather than a fault of ours). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** An idle connection to a PACS is kept this long for the next request, then closed. */
const IDLE_CONNECTION_MS = 500;

/**
 * Whether a PACS's `Keep-Alive` answer header lets a connection be kept IDLE_CONNECTION_MS. Node's
 * agent keeps one only when the announced timeout exceeds its own 1 s safety margin; Orthanc
 * announces `timeout=1`, so no connection to it was ever reused (a TCP connection per frame).
 */
export function keepsConnectionFor(keepAlive: string, idleMs: number): boolean {
  const seconds = /^timeout=(\d+)/.exec(keepAlive)?.[1];
  return seconds !== undefined && Number(seconds) * 1000 >= 2 * idleMs;
}

/**
 * GET requests to a DICOMweb source, with its credentials, bounded in time: `connectTimeoutMs` to
 * connect, then `timeoutMs` of silence at most (before the answer, or between its bytes). The
 * browser's own headers are never forwarded: only an Accept the proxy checked, and no compression
 * (frames are relayed byte for byte). Connections are kept for the next request while the PACS
 * allows (`keepsConnectionFor`); a request whose kept connection the PACS had just closed is sent
 * once more on a new one.
 */
@Injectable()
export class DicomWebClient implements OnModuleDestroy {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
    'https:': new https.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  };

  onModuleDestroy(): void {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }

  /**
   * The PACS's answer once its headers are in; the caller reads or discards the body. Fails with
   * `PacsUnavailable` (unreachable) or `PacsTimeout`, or with the signal's reason.
   */
  async open(upstream: UpstreamRequest): Promise<IncomingMessage> {
    try {
      return await this.send(upstream);
    } catch (error) {
      if (!(error instanceof ReusedConnectionClosed)) throw error;
      return this.send(upstream);
    }
  }

  private send({ source, path, query, accept, signal }: UpstreamRequest): Promise<IncomingMessage> {
    const url = new URL(`${source.baseUrl}${path}`);
    // Commas stay commas: DICOMweb lists (window=40,400,linear) are not read URL-decoded everywhere.
    if (query) url.search = query.toString().replace(/%2C/gi, ',');
    const transport = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.agents['https:'] : this.agents['http:'];
    return new Promise<IncomingMessage>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      let answered = false;
      let connectTimer: NodeJS.Timeout | undefined;
      let response: IncomingMessage | undefined;
      const request = transport.request(url, {
        method: 'GET',
        agent,
        headers: {
          accept,
          'accept-encoding': 'identity',
          'user-agent': 'tumor-board',
          ...authorization(source.auth),
        },
      });
      // Before the answer: the promise fails. During its body: the body stream fails with `error`.
      const fail = (error: unknown) => {
        clearTimeout(connectTimer);
        response?.destroy(error instanceof Error ? error : undefined);
        request.destroy();
        if (answered) return;
        answered = true;
        reject(error);
      };
      const onAbort = () => fail(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      request.once('close', () => signal.removeEventListener('abort', onAbort));
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () =>
            fail(
              new PacsTimeout(
                `the PACS "${source.name}" did not accept a connection within ${source.connectTimeoutMs} ms`,
              ),
            ),
          source.connectTimeoutMs,
        );
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      request.setTimeout(source.timeoutMs, () =>
        fail(
          new PacsTimeout(`the PACS "${source.name}" did not answer within ${source.timeoutMs} ms`),
        ),
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(connectTimer);
        if (answered) return;
        answered = true;
        if (request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
          reject(new ReusedConnectionClosed());
          return;
        }
        reject(
          error instanceof PacsTimeout || error === signal.reason
            ? error
            : new PacsUnavailable(
                `the PACS "${source.name}" could not be reached${error.code && UNREACHABLE.has(error.code) ? ` (${error.code})` : ''}`,
              ),
        );
      });
      request.once('response', (answer) => {
        answered = true;
        // Kept by the agent's own idle timeout (IDLE_CONNECTION_MS) rather than refused by its margin.
        const keepAlive = answer.headers['keep-alive'];
        if (typeof keepAlive === 'string' && keepsConnectionFor(keepAlive, IDLE_CONNECTION_MS))
          delete answer.headers['keep-alive'];
        response = answer;
        resolve(answer);
      });
      request.end();
    });
  }

  /**
   * A DICOM JSON answer, read whole up to `limitBytes` (larger: `PacsUnavailable`). A 204 (no
   * match) reads as an empty list. Other statuses than 200 and 204 are the caller's to map.
   */
  async json(
    upstream: UpstreamRequest,
    limitBytes: number,
  ): Promise<{ status: number; body: unknown }> {
    const response = await this.open(upstream);
    const status = response.statusCode ?? 502;
    if (status === 204 || status !== 200) {
      response.resume();
      return { status, body: status === 204 ? [] : null };
    }
    return { status: 200, body: await readJson(response, limitBytes, upstream.source) };
  }
}

/** The whole of a JSON body, bounded; an empty body is an empty list. */
export async function readJson(
  response: IncomingMessage,
  limitBytes: number,
  source: DicomWebSource,
): Promise<unknown> {
  const tooLarge = () =>
    new PacsUnavailable(
      `the PACS "${source.name}" answered with more than ${limitBytes} bytes of DICOM JSON (DICOMWEB_METADATA_LIMIT_BYTES)`,
    );
  if (Number(response.headers['content-length'] ?? 0) > limitBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limitBytes) {
        response.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new PacsUnavailable(`the PACS "${source.name}" stopped answering mid-way`);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return [];
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PacsUnavailable(`the PACS "${source.name}" answered with malformed DICOM JSON`);
  }
}

function authorization(auth: DicomWebAuth): Record<string, string> {
  switch (auth.type) {
    case 'none':
      return {};
    case 'basic':
      return {
        authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
      };
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
  }
}

/** The PACS closed a kept connection as the request went out on it: sent again on a new one. */
class ReusedConnectionClosed extends Error {
  constructor() {
    super('the PACS closed a kept connection');
  }
}
