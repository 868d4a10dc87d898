import { Inject, Injectable } from '@nestjs/common';
import { ImagingSourceView } from '@app/contracts';
import { InvalidInput } from '@app/core';
import { BoardSource, DicomWebSource, PacsUnavailable, boardSource } from './domain';
import { IMAGING_SETTINGS, ImagingSettings } from './imaging-settings';

/** The configured DICOMweb sources, by id. */
@Injectable()
export class DicomWebSources {
  private readonly byId: Map<string, DicomWebSource>;

  constructor(@Inject(IMAGING_SETTINGS) private readonly settings: ImagingSettings) {
    this.byId = new Map(settings.sources.map((source) => [source.id, source]));
  }

  /** What clients may know of the sources: ids and names, never addresses or credentials. */
  views(): ImagingSourceView[] {
    return this.settings.sources.map((source) => this.view(source));
  }

  view(source: DicomWebSource): ImagingSourceView {
    return {
      id: source.id,
      name: source.name,
      isDefault: source.id === this.settings.defaultSourceId,
    };
  }

  /** The source a board searches, given the source it chose (null: none). */
  ofBoard(chosen: string | null): BoardSource {
    return boardSource(chosen, this.settings);
  }

  /** The source a request names (default: the default source); an unknown one is a 400. */
  requested(sourceId: string | undefined): DicomWebSource {
    const id = sourceId ?? this.settings.defaultSourceId;
    const source = id === null ? undefined : this.byId.get(id);
    if (source) return source;
    throw new InvalidInput(
      id === null ? 'no imaging source is configured' : `unknown imaging source ${id}`,
      [
        {
          field: 'sourceId',
          message:
            this.byId.size === 0
              ? 'this server has no DICOMweb source (DICOMWEB_SOURCES)'
              : `sourceId must be one of: ${[...this.byId.keys()].join(', ')}`,
        },
      ],
    );
  }

  /** The source a linked study is read from; one no longer configured is the server's fault (502). */
  ofReference(sourceId: string | undefined): DicomWebSource {
    const id = sourceId ?? this.settings.defaultSourceId;
    const source = id === null ? undefined : this.byId.get(id);
    if (source) return source;
    throw new PacsUnavailable(
      id === null
        ? 'no imaging source is configured on this server'
        : `the imaging source ${id} of this study is not configured on this server`,
    );
  }
}
