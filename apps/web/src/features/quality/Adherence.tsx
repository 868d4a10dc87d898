import { Bar, BarChart, CartesianGrid, LabelList, Legend, XAxis, YAxis } from 'recharts';
import { ADHERENCE_COLOURS, CHART_HEIGHT, INK, SERIES_COLOURS, chartFrame } from './chart';
import { ChartFigure, DataTable } from './ChartFigure';
import type { QualityMetricsView } from './queries';
import {
  ADHERENCE_LABELS,
  DEVIATION_REASON_LABELS,
  plural,
  shareText,
  type Adherence as AdherenceLevel,
  type DeviationReason,
} from './words';

type AdherenceView = QualityMetricsView['adherence'];

const LEVELS = Object.keys(ADHERENCE_LABELS) as AdherenceLevel[];
const REASONS = Object.keys(DEVIATION_REASON_LABELS) as DeviationReason[];

/** A count as a bar's label: empty for none, so a zero segment carries no stray "0". */
const countLabel = (count: number) => (count === 0 ? '' : String(count));

/**
 * Whether published board recommendations were carried out, per follow-up interval (stacked:
 * fully, partly, not), and why care departed from them.
 */
export function Adherence({ view }: { view: AdherenceView }) {
  return (
    <section className="card quality-section" aria-labelledby="quality-adherence">
      <h2 id="quality-adherence" className="card-title">
        Adherence to board recommendations
      </h2>
      <p className="muted small">Follow-ups of published recommendations recorded in the period.</p>
      {view.length === 0 ? (
        <p className="muted">No follow-up interval is configured.</p>
      ) : (
        <div className="grid-2">
          <Levels view={view} />
          <Reasons view={view} />
        </div>
      )}
    </section>
  );
}

/** "30 days", never broken between the number and its unit. */
function intervalName(days: number): string {
  return `${days}\u00a0days`;
}

function Levels({ view }: { view: AdherenceView }) {
  const data = view.map((interval) => {
    const entry: Record<string, string | number> = { label: intervalName(interval.intervalDays) };
    for (const level of interval.levels) {
      entry[level.adherence] = level.share.numerator;
      entry[`${level.adherence}Label`] = countLabel(level.share.numerator);
    }
    return entry;
  });
  return (
    <ChartFigure
      title="Carried out, per follow-up"
      description="Follow-ups recorded at each interval after publication: implemented fully, partly, or not."
      summary={`Stacked bar chart. ${view
        .map(
          (interval) =>
            `${intervalName(interval.intervalDays)}: ${plural(interval.followUps, 'follow-up')}, ${interval.levels
              .map(
                (level) =>
                  `${ADHERENCE_LABELS[level.adherence].toLowerCase()} ${shareText(level.share)}`,
              )
              .join(', ')}`,
        )
        .join('. ')}.`}
      chart={
        <BarChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 4, left: 0 }}
          {...chartFrame(CHART_HEIGHT.normal)}
        >
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fill: INK }} />
          <YAxis allowDecimals={false} tick={{ fill: INK }} width={40} />
          <Legend />
          {LEVELS.map((level) => (
            <Bar
              key={level}
              dataKey={level}
              name={ADHERENCE_LABELS[level]}
              stackId="adherence"
              fill={ADHERENCE_COLOURS[level]}
              stroke="#ffffff"
              isAnimationActive={false}
            >
              <LabelList dataKey={`${level}Label`} position="center" fill="#ffffff" />
            </Bar>
          ))}
        </BarChart>
      }
      table={
        <DataTable
          caption="Adherence per follow-up interval"
          columns={['Follow-up', 'Recorded', ...LEVELS.map((level) => ADHERENCE_LABELS[level])]}
          rows={view.map((interval) => ({
            key: String(interval.intervalDays),
            header: intervalName(interval.intervalDays),
            cells: [
              interval.followUps,
              ...LEVELS.map((level) => {
                const found = interval.levels.find((entry) => entry.adherence === level);
                return found ? shareText(found.share) : '—';
              }),
            ],
          }))}
        />
      }
    />
  );
}

function Reasons({ view }: { view: AdherenceView }) {
  const countOf = (interval: AdherenceView[number], reason: DeviationReason) =>
    interval.deviationReasons.find((entry) => entry.reason === reason)?.count ?? 0;
  const data = REASONS.map((reason) => {
    const entry: Record<string, string | number> = { label: DEVIATION_REASON_LABELS[reason] };
    for (const interval of view) {
      entry[`d${interval.intervalDays}`] = countOf(interval, reason);
      entry[`d${interval.intervalDays}Label`] = countLabel(countOf(interval, reason));
    }
    return entry;
  });
  return (
    <ChartFigure
      title="Why care departed from the recommendation"
      description="Deviation reasons recorded, per follow-up interval."
      summary={`Bar chart. ${REASONS.map(
        (reason) =>
          `${DEVIATION_REASON_LABELS[reason]}: ${view
            .map(
              (interval) =>
                `${countOf(interval, reason)} at ${intervalName(interval.intervalDays)}`,
            )
            .join(', ')}`,
      ).join('. ')}.`}
      chart={
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 24, bottom: 4, left: 8 }}
          {...chartFrame(CHART_HEIGHT.normal + 60)}
        >
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} tick={{ fill: INK }} />
          <YAxis type="category" dataKey="label" width={200} tick={{ fill: INK, fontSize: 12 }} />
          <Legend />
          {view.map((interval, index) => (
            <Bar
              key={interval.intervalDays}
              dataKey={`d${interval.intervalDays}`}
              name={intervalName(interval.intervalDays)}
              fill={SERIES_COLOURS[index % SERIES_COLOURS.length]}
              isAnimationActive={false}
            >
              <LabelList dataKey={`d${interval.intervalDays}Label`} position="right" fill={INK} />
            </Bar>
          ))}
        </BarChart>
      }
      table={
        <DataTable
          caption="Deviation reasons per follow-up interval"
          columns={['Reason', ...view.map((interval) => intervalName(interval.intervalDays))]}
          rows={REASONS.map((reason) => ({
            key: reason,
            header: DEVIATION_REASON_LABELS[reason],
            cells: view.map((interval) => countOf(interval, reason)),
          }))}
        />
      }
    />
  );
}
