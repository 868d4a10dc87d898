import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import {
  Button as AriaButton,
  Group,
  Label,
  Slider,
  SliderOutput,
  SliderThumb,
  SliderTrack,
  ToggleButton,
  ToggleButtonGroup,
  Toolbar,
  type Key,
} from 'react-aria-components';
import type { TokenSource } from '../../api/client';
import { Card, PageHeader } from '../../ui/Page';
import type { SeriesEntry, SeriesFacts } from './dicom-json';
import { StudyViewer, type ViewerState, type ViewerTool } from './StudyViewer';
import {
  dragWindow,
  presetOf,
  sliceForKey,
  sliceLabel,
  WINDOW_PRESETS,
  windowLabel,
  type DisplayWindow,
} from './viewing';
import './imaging.css';

export interface StudyViewerScreenProps {
  caseId: string;
  studyUid: string;
  tokens: TokenSource;
  /** Above the title: where the study belongs (the case's pseudonymous reference, a way back). */
  eyebrow?: ReactNode;
  /** The study's name on the case (its record title), until the PACS's description is known. */
  title?: string;
  /**
   * A viewer made by the caller (e.g. one the meeting room shares or follows); the screen mounts
   * and disposes it. One is made for the study otherwise.
   */
  viewer?: StudyViewer;
  /** Inside another screen (the meeting room): a level-3 heading instead of the page's header. */
  embedded?: boolean;
  /** Above the image (who is followed, the share button). */
  banner?: ReactNode;
}

const TOOLS: ReadonlyArray<{ id: ViewerTool; label: string }> = [
  { id: 'windowLevel', label: 'Window/level' },
  { id: 'pan', label: 'Pan' },
  { id: 'zoom', label: 'Zoom' },
  { id: 'length', label: 'Length' },
  { id: 'angle', label: 'Angle' },
];

/** Shift + arrows on the image: window/level by keyboard, as a 10-pixel drag would. */
const WINDOW_KEYS: Partial<Record<string, [number, number]>> = {
  ArrowLeft: [-10, 0],
  ArrowRight: [10, 0],
  ArrowUp: [0, -10],
  ArrowDown: [0, 10],
};

const TOGGLE = 'btn btn-secondary btn-small viewer-toggle';
const BUTTON = 'btn btn-secondary btn-small';

/**
 * A linked study of a case, read from the PACS through the server: its series as thumbnails, one
 * series on a stack viewport with scrolling, window/level (drag or presets), zoom, pan and
 * measurements, and the study's key facts (never the patient's identifiers).
 */
export function StudyViewerScreen({
  caseId,
  studyUid,
  tokens,
  eyebrow,
  title,
  viewer: given,
  embedded = false,
  banner,
}: StudyViewerScreenProps) {
  const [viewer] = useState(
    () =>
      given ??
      new StudyViewer({
        root: `/api/v1/imaging/cases/${encodeURIComponent(caseId)}/dicom-web`,
        studyUid,
        tokens,
      }),
  );
  const state = useSyncExternalStore(viewer.subscribe, viewer.getSnapshot);
  const element = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (element.current) void viewer.mount(element.current);
    return () => viewer.dispose();
  }, [viewer]);

  const facts = state.facts;
  const heading = facts?.studyDescription ?? title ?? 'Imaging study';
  const subtitle = [facts?.modality, facts?.studyDate].filter(Boolean).join(' · ');

  return (
    <div className={embedded ? 'viewer-embedded stack' : 'page page-viewer stack'}>
      {embedded ? (
        <h3 className="viewer-embedded-title">
          {heading}
          {subtitle ? <span className="muted small"> · {subtitle}</span> : null}
        </h3>
      ) : (
        <PageHeader eyebrow={eyebrow} title={heading} subtitle={subtitle || undefined} />
      )}
      {banner}
      {state.problem ? (
        <p className="notice notice-error" role="alert">
          {state.problem}
        </p>
      ) : null}
      <div className="viewer-layout">
        <SeriesList viewer={viewer} state={state} />
        <section className="viewer-main" aria-label="Image">
          <ViewerToolbar viewer={viewer} state={state} />
          <div className="viewer-frame">
            <div
              ref={element}
              className="viewer-stage"
              tabIndex={0}
              role="img"
              aria-label={imageLabel(state)}
              aria-describedby="viewer-keys"
              data-status={state.status}
              data-slice-index={state.index}
              data-window={state.window ? `${state.window.center},${state.window.width}` : ''}
              data-zoom={state.zoom ?? ''}
              data-measurements={state.measurements}
              onKeyDown={(event) => {
                const nudge = event.shiftKey ? WINDOW_KEYS[event.key] : undefined;
                if (nudge && state.window) {
                  event.preventDefault();
                  viewer.setWindow(dragWindow(state.window, nudge[0], nudge[1]));
                  return;
                }
                const target = sliceForKey(event.key, state.index, state.count);
                if (target !== null) {
                  event.preventDefault();
                  void viewer.scrollTo(target);
                } else if (event.key === '+' || event.key === '=') {
                  viewer.zoomBy(1.25);
                } else if (event.key === '-') {
                  viewer.zoomBy(0.8);
                }
              }}
              onContextMenu={(event) => event.preventDefault()}
            />
            {facts?.edges ? (
              <div className="viewer-edges" aria-hidden="true">
                <span className="viewer-edge-top">{facts.edges.top}</span>
                <span className="viewer-edge-bottom">{facts.edges.bottom}</span>
                <span className="viewer-edge-left">{facts.edges.left}</span>
                <span className="viewer-edge-right">{facts.edges.right}</span>
              </div>
            ) : null}
            <div className="viewer-overlay" aria-hidden="true">
              <span>{state.count > 0 ? sliceLabel(state.index, state.count) : ''}</span>
              <span>{windowLabel(state.window)}</span>
              <span>{state.zoom !== null ? `Zoom ${Math.round(state.zoom * 100)} %` : ''}</span>
            </div>
            {state.status === 'loading' ? (
              <p className="viewer-loading" role="status">
                Loading images…
              </p>
            ) : null}
          </div>
          <SliceSlider viewer={viewer} state={state} />
          <p id="viewer-keys" className="muted small">
            On the image: mouse wheel, arrow keys, Page Up/Down, Home and End scroll; Shift with the
            arrows changes the window (left/right) and level (up/down); + and − zoom; the left
            button does what the toolbar says, the middle button pans and the right one zooms.
          </p>
        </section>
        <StudyFacts facts={facts} state={state} />
      </div>
    </div>
  );
}

function imageLabel(state: ViewerState): string {
  const what = state.facts?.modality ? `${state.facts.modality} image` : 'Image';
  if (state.count === 0) return `${what}, loading`;
  return `${what}, ${sliceLabel(state.index, state.count).toLowerCase()}, ${windowLabel(state.window)}`;
}

function SeriesList({ viewer, state }: { viewer: StudyViewer; state: ViewerState }) {
  return (
    <Card title="Series" headingLevel={2} className="viewer-series">
      {state.series.length === 0 ? (
        <p className="muted small">{state.status === 'error' ? 'None listed.' : 'Listing…'}</p>
      ) : (
        <ToggleButtonGroup
          aria-label="Series"
          orientation="vertical"
          selectionMode="single"
          disallowEmptySelection
          selectedKeys={state.seriesUid ? [state.seriesUid] : []}
          onSelectionChange={(keys: Set<Key>) => {
            const [chosen] = [...keys];
            if (typeof chosen === 'string' && chosen !== state.seriesUid)
              void viewer.openSeries(chosen);
          }}
          className="viewer-series-list"
        >
          {state.series.map((entry) => (
            <ToggleButton
              key={entry.seriesInstanceUid}
              id={entry.seriesInstanceUid}
              className="viewer-series-item"
            >
              <SeriesThumbnail viewer={viewer} entry={entry} />
              <span className="viewer-series-text">
                <strong>{entry.description || 'Series'}</strong>
                <span className="muted small">
                  {[
                    entry.modality,
                    entry.seriesNumber !== null ? `#${entry.seriesNumber}` : null,
                    entry.instanceCount !== null ? `${entry.instanceCount} images` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </span>
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      )}
    </Card>
  );
}

function SeriesThumbnail({ viewer, entry }: { viewer: StudyViewer; entry: SeriesEntry }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    viewer.thumbnail(entry.seriesInstanceUid).then(
      (found) => {
        if (current) setUrl(found);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [viewer, entry.seriesInstanceUid]);
  return url ? (
    <img className="viewer-thumb" src={url} alt="" width={64} height={64} />
  ) : (
    <span className="viewer-thumb viewer-thumb-empty" aria-hidden="true" />
  );
}

function ViewerToolbar({ viewer, state }: { viewer: StudyViewer; state: ViewerState }) {
  const preset = presetOf(state.window);
  const disabled = state.count === 0;
  return (
    <Toolbar aria-label="Image tools" className="viewer-toolbar">
      <ToggleButtonGroup
        aria-label="Left mouse button"
        selectionMode="single"
        disallowEmptySelection
        selectedKeys={[state.tool]}
        onSelectionChange={(keys: Set<Key>) => {
          const [chosen] = [...keys];
          if (chosen) viewer.setTool(chosen as ViewerTool);
        }}
        className="viewer-group"
        isDisabled={disabled}
      >
        {TOOLS.map((tool) => (
          <ToggleButton key={tool.id} id={tool.id} className={TOGGLE}>
            {tool.label}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Group aria-label="Window presets" className="viewer-group">
        {WINDOW_PRESETS.map((entry) => (
          <ToggleButton
            key={entry.id}
            className={TOGGLE}
            isSelected={preset === entry.id}
            isDisabled={disabled}
            onChange={() => viewer.applyPreset(entry)}
            aria-label={`${entry.label} window (W ${entry.width} / L ${entry.center})`}
          >
            {entry.label}
          </ToggleButton>
        ))}
      </Group>
      <Group aria-label="View" className="viewer-group">
        <AriaButton className={BUTTON} isDisabled={disabled} onPress={() => viewer.zoomBy(1.25)}>
          Zoom in
        </AriaButton>
        <AriaButton className={BUTTON} isDisabled={disabled} onPress={() => viewer.zoomBy(0.8)}>
          Zoom out
        </AriaButton>
        <AriaButton className={BUTTON} isDisabled={disabled} onPress={() => viewer.reset()}>
          Reset
        </AriaButton>
      </Group>
    </Toolbar>
  );
}

function SliceSlider({ viewer, state }: { viewer: StudyViewer; state: ViewerState }) {
  if (state.count <= 1) return null;
  return (
    <Slider
      className="viewer-slider"
      minValue={1}
      maxValue={state.count}
      step={1}
      value={state.index + 1}
      onChange={(value) => void viewer.scrollTo((value as number) - 1)}
    >
      <Label>Slice</Label>
      <SliderOutput className="viewer-slice-label">
        {({ state: slider }) => sliceLabel((slider.values[0] ?? 1) - 1, state.count)}
      </SliderOutput>
      <SliderTrack className="viewer-slider-track">
        <SliderThumb className="viewer-slider-thumb" />
      </SliderTrack>
    </Slider>
  );
}

function millimetres(value: number | null): string {
  return value === null ? '—' : `${value} mm`;
}

function StudyFacts({ facts, state }: { facts: SeriesFacts | null; state: ViewerState }) {
  const rows: Array<[string, string]> = facts
    ? [
        ['Modality', facts.modality ?? '—'],
        ['Study', facts.studyDescription ?? '—'],
        ['Study date', facts.studyDate ?? '—'],
        ['Series', facts.seriesDescription ?? '—'],
        ['Slice thickness', millimetres(facts.sliceThickness)],
        ['Slice spacing', millimetres(facts.sliceSpacing)],
        ['Matrix', facts.rows && facts.columns ? `${facts.columns} × ${facts.rows}` : '—'],
        [
          'Pixel spacing',
          facts.pixelSpacing ? `${facts.pixelSpacing[0]} × ${facts.pixelSpacing[1]} mm` : '—',
        ],
        ['Window', windowText(state.window)],
        ['Measurements', String(state.measurements)],
      ]
    : [];
  return (
    <Card title="Study" headingLevel={2} className="viewer-facts">
      {rows.length === 0 ? (
        <p className="muted small">Waiting for the series…</p>
      ) : (
        <dl className="viewer-facts-list">
          {rows.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}

function windowText(window: DisplayWindow | null): string {
  const preset = presetOf(window);
  const name = WINDOW_PRESETS.find((entry) => entry.id === preset)?.label;
  return name ? `${windowLabel(window)} (${name.toLowerCase()})` : windowLabel(window);
}
