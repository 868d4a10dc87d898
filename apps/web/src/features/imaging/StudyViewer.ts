import {
  cache,
  Enums as CoreEnums,
  eventTarget,
  imageLoader,
  init as initCore,
  RenderingEngine,
  utilities as coreUtilities,
  type Types as CoreTypes,
} from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import {
  addTool,
  annotation,
  AngleTool,
  Enums as ToolEnums,
  init as initTools,
  LengthTool,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  utilities as toolUtilities,
  WindowLevelTool,
  ZoomTool,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import type { TokenSource } from '../../api/client';
import {
  number,
  orderInstances,
  seriesEntries,
  seriesFacts,
  TAG,
  text,
  type DicomDataset,
  type SeriesEntry,
  type SeriesFacts,
} from './dicom-json';
import {
  indexOfSlice,
  MAX_SHARED_MEASUREMENTS,
  sliceOfImageId,
  type SharedMeasurement,
  type SharedView,
} from './follow';
import {
  clampSlice,
  voiToWindow,
  windowToVoi,
  type DisplayWindow,
  type WindowPreset,
} from './viewing';

/** What the primary mouse button does on the image. */
export type ViewerTool = 'windowLevel' | 'pan' | 'zoom' | 'length' | 'angle';

export interface ViewerState {
  /** loading: the study's series are being listed or a series' first image is on its way. */
  status: 'loading' | 'ready' | 'error';
  /** What went wrong, in words (status error, or a series that would not open). */
  problem: string | null;
  series: SeriesEntry[];
  seriesUid: string | null;
  facts: SeriesFacts | null;
  /** 0-based index of the slice shown, and how many there are. */
  index: number;
  count: number;
  window: DisplayWindow | null;
  /** The zoom factor relative to the image fitted to the viewport. */
  zoom: number | null;
  tool: ViewerTool;
  /** Length and angle measurements on the series. */
  measurements: number;
}

export interface StudyViewerOptions {
  /** The WADO-RS root: `/api/v1/imaging/cases/{caseId}/dicom-web`. */
  root: string;
  studyUid: string;
  tokens: TokenSource;
}

const TOOL_NAMES: Record<ViewerTool, string> = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  length: LengthTool.toolName,
  angle: AngleTool.toolName,
};

const DICOM_JSON = 'application/dicom+json';

const MEASUREMENT_TOOLS: Record<SharedMeasurement['kind'], typeof LengthTool | typeof AngleTool> = {
  length: LengthTool,
  angle: AngleTool,
};

let initialised = false;
/** The session whose token the image loader's requests carry (the viewer on screen). */
let currentTokens: TokenSource | null = null;
let instances = 0;

/**
 * Cornerstone, its DICOM image loader and its tools, once per page. The loader's frame requests
 * (XMLHttpRequest in the loader) carry the session's bearer token through `beforeSend`.
 */
function initCornerstone(): void {
  if (initialised) return;
  styleSvgTextThroughCssom();
  initCore();
  dicomImageLoader.init({
    maxWebWorkers: Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 2) / 2))),
    beforeSend: async () => {
      if (!currentTokens) return undefined;
      return { Authorization: `Bearer ${await currentTokens.accessToken()}` };
    },
  });
  initTools();
  for (const tool of [StackScrollTool, WindowLevelTool, PanTool, ZoomTool, LengthTool, AngleTool]) {
    addTool(tool);
  }
  initialised = true;
}

/**
 * The tools' measurement labels (`drawTextBox`) set their style with `setAttribute('style', …)`,
 * which the client's CSP (no inline styles, no 'unsafe-hashes') refuses. The same declarations set
 * through the CSSOM are not inline styles, so an SVG text element routes a style attribute there.
 * Only SVG <text> elements are touched; nothing else in the client sets a style attribute.
 */
function styleSvgTextThroughCssom(): void {
  const prototype = SVGTextElement.prototype;
  if (Object.prototype.hasOwnProperty.call(prototype, 'setAttribute')) return;
  const setAttribute = Element.prototype.setAttribute;
  Object.defineProperty(prototype, 'setAttribute', {
    configurable: true,
    writable: true,
    value(this: SVGTextElement, name: string, value: string) {
      if (name.toLowerCase() === 'style') this.style.cssText = value;
      else setAttribute.call(this, name, value);
    },
  });
}

/**
 * One study on one stack viewport: lists its series, opens one (metadata from the proxy,
 * registered with the loader, frames fetched by the loader), and exposes scrolling, windowing,
 * zoom, pan and measurements as methods and a snapshot React draws (`subscribe`/`getSnapshot`).
 * It owns the Cornerstone rendering engine and tool group; `dispose()` frees them (idempotent).
 */
export class StudyViewer {
  private state: ViewerState = {
    status: 'loading',
    problem: null,
    series: [],
    seriesUid: null,
    facts: null,
    index: 0,
    count: 0,
    window: null,
    zoom: null,
    tool: 'windowLevel',
    measurements: 0,
  };
  private readonly listeners = new Set<() => void>();
  private readonly abort = new AbortController();
  private readonly engineId: string;
  private readonly viewportId = 'stack';
  private readonly toolGroupId: string;
  private engine: RenderingEngine | null = null;
  private element: HTMLDivElement | null = null;
  private imageIds: string[] = [];
  private readonly thumbnails = new Map<string, Promise<string>>();
  private disposed = false;
  private opening = 0;
  /** The shared view to show next (followers), and whether one is being applied. */
  private wanted: SharedView | null = null;
  private applying = false;
  private readonly prefetched = new Set<string>();
  private mounting: Promise<void> | null = null;
  /** The presenter's measurements drawn here (followers), by what they are: annotation uid. */
  private readonly shared = new Map<string, string>();

  constructor(private readonly options: StudyViewerOptions) {
    instances += 1;
    this.engineId = `study-viewer-${instances}`;
    this.toolGroupId = `study-viewer-tools-${instances}`;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ViewerState => this.state;

  /** Puts the viewport in `element`, lists the study's series and opens the first with images. */
  mount(element: HTMLDivElement): Promise<void> {
    if (this.disposed || this.element) return this.mounting ?? Promise.resolve();
    this.mounting = this.mountIn(element);
    return this.mounting;
  }

  private async mountIn(element: HTMLDivElement): Promise<void> {
    this.element = element;
    currentTokens = this.options.tokens;
    try {
      initCornerstone();
      const engine = new RenderingEngine(this.engineId);
      this.engine = engine;
      engine.enableElement({
        viewportId: this.viewportId,
        type: CoreEnums.ViewportType.STACK,
        element,
      });
      this.setUpTools();
      this.listen(element);
      const series = seriesEntries(await this.getJson(`/series`));
      if (this.disposed) return;
      this.update({ series });
      const first = series.find((entry) => entry.instanceCount !== 0) ?? series[0];
      if (!first) {
        this.update({ status: 'error', problem: 'This study has no series in the PACS.' });
        return;
      }
      await this.openSeries(first.seriesInstanceUid);
    } catch (error) {
      if (!this.disposed) this.update({ status: 'error', problem: describe(error) });
    }
  }

  /** Shows a series from its first slice (its metadata registered before the first frame). */
  async openSeries(seriesUid: string): Promise<void> {
    const viewport = this.viewport();
    if (!viewport) return;
    const attempt = ++this.opening;
    this.update({ status: 'loading', problem: null, seriesUid });
    try {
      const metadata = orderInstances(
        await this.getJson(`/series/${encodeURIComponent(seriesUid)}/metadata`),
      );
      if (this.disposed || attempt !== this.opening) return;
      const imageIds = this.register(seriesUid, metadata);
      if (imageIds.length === 0) throw new ViewerProblem('This series has no images to show.');
      this.imageIds = imageIds;
      this.showShared([]);
      await viewport.setStack(imageIds, 0);
      if (this.disposed || attempt !== this.opening) return;
      viewport.resetCamera();
      viewport.render();
      this.update({
        status: 'ready',
        facts: seriesFacts(metadata),
        index: 0,
        count: imageIds.length,
        measurements: 0,
        ...this.readViewport(),
      });
    } catch (error) {
      if (!this.disposed && attempt === this.opening)
        this.update({ status: 'error', problem: describe(error) });
    }
  }

  /** Shows the slice at a 0-based index (clamped to the stack). */
  async scrollTo(index: number): Promise<void> {
    const viewport = this.viewport();
    if (!viewport || this.imageIds.length === 0) return;
    const target = clampSlice(index, this.imageIds.length);
    if (target === viewport.getCurrentImageIdIndex()) return;
    this.update({ index: target });
    await viewport.setImageIdIndex(target);
  }

  setWindow(window: DisplayWindow): void {
    const viewport = this.viewport();
    if (!viewport) return;
    viewport.setProperties({ voiRange: windowToVoi(window) });
    viewport.render();
    this.update(this.readViewport());
  }

  applyPreset(preset: WindowPreset): void {
    this.setWindow(preset);
  }

  /** Multiplies the zoom (keyboard and button zoom; the Zoom tool zooms by dragging). */
  zoomBy(factor: number): void {
    const viewport = this.viewport();
    if (!viewport) return;
    viewport.setZoom(viewport.getZoom() * factor);
    viewport.render();
    this.update(this.readViewport());
  }

  /** The series' own window, the image fitted and centred, the measurements kept. */
  reset(): void {
    const viewport = this.viewport();
    if (!viewport) return;
    viewport.resetProperties();
    viewport.resetCamera();
    viewport.render();
    this.update(this.readViewport());
  }

  /** What the primary mouse button does: the wheel always scrolls, the middle button pans and the right one zooms. */
  setTool(tool: ViewerTool): void {
    const group = ToolGroupManager.getToolGroup(this.toolGroupId);
    if (!group || tool === this.state.tool) return;
    group.setToolPassive(TOOL_NAMES[this.state.tool]);
    group.setToolActive(TOOL_NAMES[tool], {
      bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }],
    });
    this.update({ tool });
  }

  /** What the viewer shows, as the room relays it (presenters send it). */
  currentView(): SharedView {
    const viewport = this.viewport();
    const imageId = viewport?.getCurrentImageId?.() ?? this.imageIds[this.state.index];
    const slice = imageId ? sliceOfImageId(imageId) : null;
    const pan = viewport?.getPan();
    return {
      studyUid: this.options.studyUid,
      seriesUid: this.state.seriesUid,
      sopInstanceUid: slice?.sop ?? null,
      frame: slice?.frame ?? 1,
      window: this.state.window,
      zoom: viewport ? viewport.getZoom() : null,
      pan: pan ? { x: pan[0], y: pan[1] } : null,
      measurements: this.ownMeasurements(),
    };
  }

  /** The measurements drawn on this viewer (not those shown from a share), in image pixels. */
  private ownMeasurements(): SharedMeasurement[] {
    const element = this.element;
    if (!element) return [];
    const sharedUids = new Set(this.shared.values());
    const found: SharedMeasurement[] = [];
    for (const kind of ['length', 'angle'] as const) {
      for (const drawn of annotation.state.getAnnotations(
        MEASUREMENT_TOOLS[kind].toolName,
        element,
      ) ?? []) {
        const imageId = drawn.metadata?.referencedImageId;
        const slice = imageId ? sliceOfImageId(imageId) : null;
        const points = drawn.data.handles?.points ?? [];
        if (!imageId || !slice || (drawn.annotationUID && sharedUids.has(drawn.annotationUID)))
          continue;
        const pixels = points.map((point) => coreUtilities.worldToImageCoords(imageId, point));
        if (pixels.some((pixel) => !pixel)) continue;
        found.push({
          kind,
          sopInstanceUid: slice.sop,
          frame: slice.frame,
          points: pixels.map((pixel) => [pixel![0], pixel![1]]),
        });
      }
    }
    return found.slice(0, MAX_SHARED_MEASUREMENTS);
  }

  /**
   * Draws a share's measurements (locked: the presenter's, not the follower's) on the slices of
   * the series shown, and removes those no longer shared; unchanged ones stay as they are.
   */
  private showShared(measurements: SharedMeasurement[]): void {
    const viewport = this.viewport();
    const element = this.element;
    if (!viewport || !element) return;
    const wanted = new Map(measurements.map((m) => [JSON.stringify(m), m]));
    let changed = false;
    for (const [key, uid] of this.shared) {
      if (wanted.has(key)) continue;
      annotation.state.removeAnnotation(uid);
      this.shared.delete(key);
      changed = true;
    }
    for (const [key, measurement] of wanted) {
      if (this.shared.has(key)) continue;
      const index = indexOfSlice(this.imageIds, measurement.sopInstanceUid, measurement.frame);
      const imageId = index === null ? undefined : this.imageIds[index];
      if (!imageId) continue;
      const world = measurement.points.map((point) =>
        coreUtilities.imageToWorldCoords(imageId, point),
      );
      if (world.some((point) => !point)) continue;
      const uid = `shared-${crypto.randomUUID()}`;
      annotation.state.addAnnotation(
        sharedAnnotation(uid, measurement.kind, imageId, world as CoreTypes.Point3[], viewport),
        element,
      );
      this.shared.set(key, uid);
      changed = true;
    }
    if (changed) {
      toolUtilities.triggerAnnotationRenderForViewportIds([this.viewportId]);
      this.onAnnotationsChanged();
    }
  }

  /**
   * Shows a shared view (followers): its series, slice, window, zoom and pan. Views arriving
   * while one is being applied replace each other; only the latest is applied after it.
   */
  async applyView(view: SharedView): Promise<void> {
    this.wanted = view;
    if (this.applying) return;
    this.applying = true;
    try {
      while (this.wanted && !this.disposed) {
        const next = this.wanted;
        this.wanted = null;
        await this.applyOne(next);
      }
    } finally {
      this.applying = false;
    }
  }

  /** Loads every image of the shown series into the image cache in the background (followers). */
  prefetch(): void {
    const seriesUid = this.state.seriesUid;
    if (!seriesUid || this.prefetched.has(seriesUid)) return;
    this.prefetched.add(seriesUid);
    for (const imageId of this.imageIds) {
      void imageLoader
        .loadAndCacheImage(imageId, { priority: 5, requestType: CoreEnums.RequestType.Prefetch })
        .catch(() => undefined);
    }
  }

  private async applyOne(view: SharedView): Promise<void> {
    if (view.studyUid !== this.options.studyUid || !this.mounting) return;
    await this.mounting;
    if (view.seriesUid && view.seriesUid !== this.state.seriesUid) {
      await this.openSeries(view.seriesUid);
    }
    const viewport = this.viewport();
    if (!viewport || this.state.status !== 'ready') return;
    this.prefetch();
    if (view.sopInstanceUid) {
      const index = indexOfSlice(this.imageIds, view.sopInstanceUid, view.frame);
      if (index !== null) await this.scrollTo(index);
    }
    if (this.disposed) return;
    if (view.window) viewport.setProperties({ voiRange: windowToVoi(view.window) });
    if (view.zoom !== null) viewport.setZoom(view.zoom);
    if (view.pan) viewport.setPan([view.pan.x, view.pan.y]);
    viewport.render();
    this.showShared(view.measurements);
    this.update(this.readViewport());
  }

  /** A rendered image of a series (its thumbnail) as an object URL, fetched with the token. */
  thumbnail(seriesUid: string): Promise<string> {
    let found = this.thumbnails.get(seriesUid);
    if (!found) {
      found = this.fetch(
        `/series/${encodeURIComponent(seriesUid)}/rendered?viewport=128,128`,
        'image/jpeg',
      )
        .then((response) => response.blob())
        .then((blob) => URL.createObjectURL(blob));
      this.thumbnails.set(seriesUid, found);
    }
    return found;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    this.listeners.clear();
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    this.engine?.destroy();
    this.engine = null;
    annotation.state.removeAllAnnotations();
    for (const imageId of this.imageIds) dicomImageLoader.wadors.metaDataManager.remove(imageId);
    this.imageIds = [];
    cache.purgeCache();
    for (const url of this.thumbnails.values()) void url.then(URL.revokeObjectURL, () => undefined);
    this.thumbnails.clear();
    eventTarget.removeEventListener(
      ToolEnums.Events.ANNOTATION_COMPLETED,
      this.onAnnotationsChanged,
    );
    eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_REMOVED, this.onAnnotationsChanged);
    eventTarget.removeEventListener(
      ToolEnums.Events.ANNOTATION_MODIFIED,
      this.onAnnotationsChanged,
    );
    if (this.element) {
      this.element.removeEventListener(CoreEnums.Events.STACK_NEW_IMAGE, this.onNewImage);
      this.element.removeEventListener(CoreEnums.Events.VOI_MODIFIED, this.onViewChanged);
      this.element.removeEventListener(CoreEnums.Events.CAMERA_MODIFIED, this.onViewChanged);
    }
    this.element = null;
    if (currentTokens === this.options.tokens) currentTokens = null;
  }

  private setUpTools(): void {
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    const group = ToolGroupManager.createToolGroup(this.toolGroupId);
    if (!group) throw new ViewerProblem('The viewer could not set up its tools.');
    for (const name of Object.values(TOOL_NAMES)) group.addTool(name);
    group.addTool(StackScrollTool.toolName);
    group.addViewport(this.viewportId, this.engineId);
    const { MouseBindings } = ToolEnums;
    group.setToolActive(StackScrollTool.toolName, {
      bindings: [{ mouseButton: MouseBindings.Wheel }],
    });
    group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
    group.setToolActive(ZoomTool.toolName, {
      bindings: [{ mouseButton: MouseBindings.Secondary }],
    });
    group.setToolActive(WindowLevelTool.toolName, {
      bindings: [{ mouseButton: MouseBindings.Primary }],
    });
    group.setToolPassive(LengthTool.toolName);
    group.setToolPassive(AngleTool.toolName);
  }

  private listen(element: HTMLDivElement): void {
    element.addEventListener(CoreEnums.Events.STACK_NEW_IMAGE, this.onNewImage);
    element.addEventListener(CoreEnums.Events.VOI_MODIFIED, this.onViewChanged);
    element.addEventListener(CoreEnums.Events.CAMERA_MODIFIED, this.onViewChanged);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, this.onAnnotationsChanged);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_REMOVED, this.onAnnotationsChanged);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, this.onAnnotationsChanged);
  }

  private readonly onNewImage = () => {
    const viewport = this.viewport();
    if (viewport) this.update({ index: viewport.getCurrentImageIdIndex(), ...this.readViewport() });
  };

  private readonly onViewChanged = () => this.update(this.readViewport());

  private readonly onAnnotationsChanged = () => {
    const element = this.element;
    if (!element) return;
    let count = 0;
    for (const name of [LengthTool.toolName, AngleTool.toolName]) {
      count += annotationCount(name, element);
    }
    this.update({ measurements: count });
  };

  private readViewport(): Pick<ViewerState, 'window' | 'zoom'> {
    const viewport = this.viewport();
    if (!viewport) return { window: null, zoom: null };
    const voi = viewport.getProperties().voiRange;
    return {
      // A new slice's VOI is not known yet when its STACK_NEW_IMAGE arrives (no VOI_MODIFIED
      // follows when it keeps the window): the window shown stays the one set.
      window: voi ? voiToWindow(voi) : this.state.window,
      zoom: Math.round(viewport.getZoom() * 100) / 100,
    };
  }

  /** Image ids for the loader (one per frame), each instance's metadata registered first. */
  private register(seriesUid: string, metadata: DicomDataset[]): string[] {
    const base = `wadors:${location.origin}${this.options.root}/studies/${this.options.studyUid}/series/${seriesUid}`;
    const ids: string[] = [];
    for (const instance of metadata) {
      const sop = text(instance, TAG.sopInstanceUid);
      if (!sop) continue;
      const frames = Math.max(1, number(instance, TAG.numberOfFrames) ?? 1);
      for (let frame = 1; frame <= frames; frame++) {
        const imageId = `${base}/instances/${sop}/frames/${frame}`;
        dicomImageLoader.wadors.metaDataManager.add(
          imageId,
          instance as unknown as Parameters<typeof dicomImageLoader.wadors.metaDataManager.add>[1],
        );
        ids.push(imageId);
      }
    }
    return ids;
  }

  private viewport(): CoreTypes.IStackViewport | null {
    if (this.disposed || !this.engine) return null;
    return (this.engine.getViewport(this.viewportId) as CoreTypes.IStackViewport) ?? null;
  }

  private async getJson(path: string): Promise<DicomDataset[]> {
    const body: unknown = await (await this.fetch(path, DICOM_JSON)).json();
    if (!Array.isArray(body)) throw new ViewerProblem('The PACS answered something unexpected.');
    return body as DicomDataset[];
  }

  /** GET under the study, with the session's token (renewed once after a 401). */
  private async fetch(path: string, accept: string): Promise<Response> {
    const url = `${this.options.root}/studies/${encodeURIComponent(this.options.studyUid)}${path}`;
    const send = (token: string) =>
      fetch(url, {
        headers: { Accept: accept, Authorization: `Bearer ${token}` },
        signal: this.abort.signal,
      });
    const token = await this.options.tokens.accessToken();
    let response = await send(token);
    if (response.status === 401) response = await send(await this.options.tokens.recover(token));
    if (!response.ok) throw new ViewerProblem(await refusal(response));
    return response;
  }

  private update(change: Partial<ViewerState>): void {
    if (this.disposed) return;
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}

/**
 * A measurement of the presenter's as the tools keep one: on its slice, locked (the follower sees
 * it, cannot move it), its label computed by the tool at the next render.
 */
function sharedAnnotation(
  annotationUID: string,
  kind: SharedMeasurement['kind'],
  referencedImageId: string,
  points: CoreTypes.Point3[],
  viewport: CoreTypes.IStackViewport,
): ToolTypes.Annotation {
  const { viewPlaneNormal, viewUp } = viewport.getCamera();
  const origin: CoreTypes.Point3 = [0, 0, 0];
  return {
    annotationUID,
    highlighted: false,
    invalidated: true,
    isLocked: true,
    isVisible: true,
    metadata: {
      toolName: MEASUREMENT_TOOLS[kind].toolName,
      FrameOfReferenceUID: viewport.getFrameOfReferenceUID(),
      referencedImageId,
      viewPlaneNormal,
      viewUp,
    },
    data: {
      handles: {
        points,
        activeHandleIndex: null,
        textBox: {
          hasMoved: false,
          worldPosition: origin,
          worldBoundingBox: {
            topLeft: origin,
            topRight: origin,
            bottomLeft: origin,
            bottomRight: origin,
          },
        },
      },
      label: '',
      cachedStats: {},
    },
  };
}

function annotationCount(toolName: string, element: HTMLDivElement): number {
  return annotation.state.getAnnotations(toolName, element)?.length ?? 0;
}

class ViewerProblem extends Error {}

async function refusal(response: Response): Promise<string> {
  let message = '';
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON: the status says enough.
  }
  if (response.status === 404) return 'This study is not available to you, or no longer exists.';
  if (response.status === 502 || response.status === 504)
    return `The PACS did not answer${message ? `: ${message}` : '.'}`;
  if (response.status === 429) return 'Too many images are being fetched; try again in a moment.';
  return message || `The server answered ${response.status}.`;
}

function describe(error: unknown): string {
  if (error instanceof ViewerProblem) return error.message;
  if (error instanceof DOMException && error.name === 'AbortError') return 'Cancelled.';
  if (error instanceof TypeError) return 'The server could not be reached. Check the connection.';
  return 'The images could not be shown.';
}
