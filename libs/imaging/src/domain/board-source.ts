import type { DicomWebSource, ImagingConfig } from './dicomweb-sources';

/** The source a board's PACS searches use, and whether the board's own choice is configured. */
export interface BoardSource {
  /** Null when this server has no source at all. */
  source: DicomWebSource | null;
  /** False when the board chose a source the configuration no longer has. */
  configured: boolean;
}

/**
 * A board searches the source it chose; with no choice, or one no longer configured (the
 * deployment's configuration changed since), the default source.
 */
export function boardSource(
  chosen: string | null,
  config: Pick<ImagingConfig, 'sources' | 'defaultSourceId'>,
): BoardSource {
  const byId = (id: string | null) => config.sources.find((source) => source.id === id) ?? null;
  const own = chosen === null ? null : byId(chosen);
  return {
    source: own ?? byId(config.defaultSourceId),
    configured: chosen === null || own !== null,
  };
}
