/** The video a tile shows. */
export type VideoSource = 'camera' | 'screen';

/** What a tile on screen tells the media client: whose video, and how wide it is drawn. */
export interface TileView {
  userId: string;
  source: VideoSource;
  /** Rendered width in CSS pixels. */
  width: number;
  /** Inside the viewport (a tile scrolled out of view is not). */
  visible: boolean;
}

export interface VideoProducerRef {
  producerId: string;
  userId: string;
  source: VideoSource;
}

/** Simulcast spatial layers the cameras send: 0 (a quarter), 1 (half), 2 (full resolution). */
export type SpatialLayer = 0 | 1 | 2;

/** The camera layer worth receiving for a tile this wide: under 320 px 0, under 640 px 1, else 2. */
export function layerForWidth(width: number): SpatialLayer {
  if (width < 320) return 0;
  if (width < 640) return 1;
  return 2;
}

/**
 * The remote videos to receive, by producer id: those shown in a visible tile (any other is paused
 * on the server). A camera gets the spatial layer its widest tile needs; a screen share has one
 * encoding, so no layer (null).
 */
export function planVideo(
  producers: readonly VideoProducerRef[],
  tiles: Iterable<TileView>,
): Map<string, SpatialLayer | null> {
  const widest = new Map<string, number>();
  for (const tile of tiles) {
    if (!tile.visible) continue;
    const key = `${tile.userId}\u0000${tile.source}`;
    widest.set(key, Math.max(widest.get(key) ?? 0, tile.width));
  }
  const plan = new Map<string, SpatialLayer | null>();
  for (const producer of producers) {
    const width = widest.get(`${producer.userId}\u0000${producer.source}`);
    if (width === undefined) continue;
    plan.set(producer.producerId, producer.source === 'screen' ? null : layerForWidth(width));
  }
  return plan;
}
