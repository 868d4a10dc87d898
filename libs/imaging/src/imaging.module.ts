import { DynamicModule, Module } from '@nestjs/common';
import { BoardImagingSourceRepository } from './board-imaging-source.repository';
import { BoardImagingSources } from './board-imaging-sources.service';
import { DicomWebClient } from './dicomweb-client';
import { DicomWebController } from './dicomweb.controller';
import { DicomWebProxy } from './dicomweb-proxy.service';
import { DicomWebSources } from './dicomweb-sources';
import { ImagingController } from './imaging.controller';
import { IMAGING_SETTINGS, ImagingSettings } from './imaging-settings';
import { ImagingStudiesService } from './imaging-studies.service';
import { StudyAccess } from './study-access';
import { StudyOpeningRepository } from './study-opening.repository';

@Module({})
export class ImagingModule {
  /** Needs the boards and cases contexts (global) in the application. */
  static register(settings: ImagingSettings): DynamicModule {
    return {
      module: ImagingModule,
      controllers: [ImagingController, DicomWebController],
      providers: [
        { provide: IMAGING_SETTINGS, useValue: settings },
        DicomWebSources,
        DicomWebClient,
        StudyOpeningRepository,
        BoardImagingSourceRepository,
        BoardImagingSources,
        StudyAccess,
        DicomWebProxy,
        ImagingStudiesService,
      ],
    };
  }
}
