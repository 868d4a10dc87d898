import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AuthenticatedUser } from '@app/auth';
import { DomainError, InvalidInput, NotFound } from '@app/core';
import { DicomWebClient, readJson } from './dicomweb-client';
import {
  DICOM_JSON,
  DicomWebResource,
  answersJson,
  dicomWebPath,
  pacsRefusal,
  resourceSubject,
  upstreamAccept,
  withoutUpstreamUrls,
} from './domain';
import { IMAGING_SETTINGS, ImagingSettings } from './imaging-settings';
import { RequestGate } from './request-gate';
import { StudyAccess } from './study-access';

/** Headers of the PACS's answer passed on to the client; nothing else of it. */
const RELAYED_HEADERS = ['content-type', 'content-length'];

/**
 * The guarded DICOMweb proxy: a case's study, for members of its board, read from the study's
 * source. JSON answers (series, metadata) are read whole, bounded, and cleaned of the PACS's own
 * URLs; frames and rendered images are streamed through as the PACS sends them. A client that goes
 * away stops the request to the PACS; an unreachable or silent PACS is a 502 or 504.
 */
@Injectable()
export class DicomWebProxy {
  private readonly logger = new Logger('imaging');
  private readonly gate: RequestGate;

  constructor(
    private readonly access: StudyAccess,
    private readonly client: DicomWebClient,
    @Inject(IMAGING_SETTINGS) private readonly settings: ImagingSettings,
  ) {
    this.gate = new RequestGate({
      total: settings.maxRequests,
      perUser: settings.maxRequestsPerUser,
      maxWaitingPerUser: 512,
      maxWaitMs: 15_000,
    });
  }

  async relay(
    user: AuthenticatedUser,
    caseId: string,
    resource: DicomWebResource,
    query: URLSearchParams | undefined,
    request: Request,
    response: Response,
  ): Promise<void> {
    const accept = upstreamAccept(resource, request.headers.accept);
    if (accept === null) {
      throw new InvalidInput('the Accept header asks for a type this resource is not served as', [
        { field: 'accept', message: acceptHint(resource) },
      ]);
    }
    const path = dicomWebPath(resource);
    const source = await this.access.require(user, caseId, resource.study);
    const abandoned = new AbortController();
    const onClose = () => {
      if (!response.writableFinished) abandoned.abort(new ClientGone());
    };
    response.once('close', onClose);
    let release: (() => void) | undefined;
    try {
      release = await this.gate.acquire(user.id, abandoned.signal);
      const upstream = await this.client.open({
        source,
        path,
        query,
        accept,
        signal: abandoned.signal,
      });
      if (upstream.statusCode !== 200) {
        upstream.resume();
        if (upstream.statusCode === 404) {
          const subject = resourceSubject(resource);
          throw new NotFound(`${subject.kind} on the PACS`, subject.uid);
        }
        throw pacsRefusal(source.name, upstream.statusCode ?? 502);
      }
      if (answersJson(resource)) {
        const body = withoutUpstreamUrls(
          await readJson(upstream, this.settings.metadataLimitBytes, source),
        );
        response.status(200).set('cache-control', 'no-store').type(DICOM_JSON);
        response.send(JSON.stringify(body));
        return;
      }
      await this.stream(upstream, response);
    } catch (error) {
      if (error instanceof ClientGone || abandoned.signal.aborted) return;
      throw error;
    } finally {
      release?.();
      response.off('close', onClose);
    }
  }

  /** Frames and rendered images, byte for byte, never held whole in memory. */
  private async stream(upstream: IncomingMessage, response: Response): Promise<void> {
    response.status(200).set('cache-control', 'no-store');
    for (const name of RELAYED_HEADERS) {
      const value = upstream.headers[name];
      if (typeof value === 'string') response.setHeader(name, value);
    }
    try {
      await pipeline(upstream, response);
    } catch (error) {
      // The answer has begun: the client sees a cut connection; nothing else can be said.
      if (error instanceof DomainError) this.logger.warn(error.message);
      else this.logger.debug(`relay cut: ${String(error)}`);
    }
  }
}

/** The client went away: nothing is answered. */
class ClientGone extends Error {
  constructor() {
    super('the client went away');
  }
}

function acceptHint(resource: DicomWebResource): string {
  return resource.kind === 'frames'
    ? 'frames are served as multipart/related (e.g. multipart/related; type="application/octet-stream"; transfer-syntax=*)'
    : 'rendered images are served as image/jpeg, image/png or image/gif';
}
