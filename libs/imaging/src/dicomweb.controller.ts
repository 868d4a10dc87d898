import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser, SessionCheckedWithin } from '@app/auth';
import { ReturnsStream } from '@app/openapi';
import { DicomWebProxy } from './dicomweb-proxy.service';
import { DICOM_JSON, DicomWebResource } from './domain';
import {
  FramesParams,
  InstanceParams,
  RenderedQueryDto,
  SeriesParams,
  StudyParams,
} from './dto/imaging.dto';

const DATASETS: SchemaObject = {
  type: 'array',
  items: { type: 'object', additionalProperties: true },
  description: "DICOM JSON datasets (PS3.18 F.2), without the PACS's own URLs",
};
const RENDERED = ['image/jpeg', 'image/png', 'image/gif'];

/**
 * DICOMweb (WADO-RS) of a case's linked study, relayed from its PACS: the viewer's base URL is
 * `/api/v1/imaging/cases/{caseId}/dicom-web`. Members of the case's board only (others: 404).
 */
@ApiTags('imaging')
@ApiBearerAuth()
// A viewer asks for a series' frames many at a time: a session check from the last 5 s will do.
@SessionCheckedWithin(5_000)
@Controller('imaging/cases/:caseId/dicom-web/studies/:studyUid')
export class DicomWebController {
  constructor(private readonly proxy: DicomWebProxy) {}

  /** The study's series (QIDO-RS), for the series list and thumbnails. */
  @Get('series')
  @ReturnsStream(DICOM_JSON, { schema: DATASETS, description: "The study's series" })
  series(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: StudyParams,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.relay(
      user,
      params.caseId,
      { kind: 'study-series', study: params.studyUid },
      request,
      response,
    );
  }

  /** The metadata of every instance of the study. */
  @Get('metadata')
  @ReturnsStream(DICOM_JSON, { schema: DATASETS, description: "The study's metadata" })
  studyMetadata(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: StudyParams,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.relay(
      user,
      params.caseId,
      { kind: 'study-metadata', study: params.studyUid },
      request,
      response,
    );
  }

  /** The metadata of every instance of one series. */
  @Get('series/:seriesUid/metadata')
  @ReturnsStream(DICOM_JSON, { schema: DATASETS, description: "The series' metadata" })
  seriesMetadata(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: SeriesParams,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.relay(
      user,
      params.caseId,
      { kind: 'series-metadata', study: params.studyUid, series: params.seriesUid },
      request,
      response,
    );
  }

  /** A rendered image of the series (its thumbnail). */
  @Get('series/:seriesUid/rendered')
  @ReturnsStream(RENDERED, { description: 'A rendered image of the series' })
  seriesRendered(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: SeriesParams,
    @Query() query: RenderedQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.relay(
      user,
      params.caseId,
      { kind: 'series-rendered', study: params.studyUid, series: params.seriesUid },
      request,
      response,
      query,
    );
  }

  /** Frames of an instance, as the PACS sends them (multipart/related), in the transfer syntax asked for. */
  @Get('series/:seriesUid/instances/:instanceUid/frames/:frames')
  @ReturnsStream('multipart/related', { description: 'The frames, one part each' })
  frames(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: FramesParams,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.relay(
      user,
      params.caseId,
      {
        kind: 'frames',
        study: params.studyUid,
        series: params.seriesUid,
        instance: params.instanceUid,
        frames: params.frames,
      },
      request,
      response,
    );
  }

  /** A rendered image of an instance. */
  @Get('series/:seriesUid/instances/:instanceUid/rendered')
  @ReturnsStream(RENDERED, { description: 'A rendered image of the instance' })
  instanceRendered(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: InstanceParams,
    @Query() query: RenderedQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.relay(
      user,
      params.caseId,
      {
        kind: 'instance-rendered',
        study: params.studyUid,
        series: params.seriesUid,
        instance: params.instanceUid,
      },
      request,
      response,
      query,
    );
  }

  private relay(
    user: AuthenticatedUser,
    caseId: string,
    resource: DicomWebResource,
    request: Request,
    response: Response,
    rendering?: RenderedQueryDto,
  ): Promise<void> {
    const query = rendering ? renderedQuery(rendering) : undefined;
    return this.proxy.relay(user, caseId, resource, query, request, response);
  }
}

function renderedQuery(rendering: RenderedQueryDto): URLSearchParams {
  const query = new URLSearchParams();
  // The VOI function is optional in DICOMweb; some archives (Orthanc 1.x) want it named.
  if (rendering.window)
    query.set(
      'window',
      rendering.window.split(',').length === 2 ? `${rendering.window},linear` : rendering.window,
    );
  if (rendering.viewport) query.set('viewport', rendering.viewport);
  if (rendering.quality !== undefined) query.set('quality', String(rendering.quality));
  return query;
}
