import type { UseQueryResult } from '@tanstack/react-query';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  XAxis,
  YAxis,
} from 'recharts';
import { ErrorState, Loading } from '../../ui/states';
import { BREACH_COLOUR, CHART_HEIGHT, INK, P50_COLOUR, P90_COLOUR, chartFrame } from './chart';
import { ChartFigure, DataTable } from './ChartFigure';
import type { MonthSlice } from './period';
import type { QualityMetricsView } from './queries';
import {
  durationText,
  durationUnit,
  inUnit,
  percentText,
  plural,
  shareText,
  type DurationUnit,
} from './words';

type TurnaroundView = QualityMetricsView['turnaround'];

export interface MonthMetrics {
  month: MonthSlice;
  query: UseQueryResult<QualityMetricsView>;
}

/**
 * Turnaround of the second opinions delivered: the period's median, 90th percentile and breaches
 * of the target, then the same per calendar month (each month read on its own), as lines and bars.
 */
export function Turnaround({
  view,
  months,
}: {
  view: TurnaroundView;
  months: readonly MonthMetrics[];
}) {
  // Both figures in one unit, so that they compare at a glance.
  const unit = durationUnit(view.p90Ms ?? 0);
  return (
    <section className="card quality-section" aria-labelledby="quality-turnaround">
      <h2 id="quality-turnaround" className="card-title">
        Second-opinion turnaround
      </h2>
      <p className="muted small">
        From records complete to opinion delivered, paused while records were awaited;{' '}
        {plural(view.delivered, 'opinion')} delivered in the period.
      </p>
      <ul className="tiles" aria-label="Turnaround in the period">
        <li className="tile">
          <span className="tile-value">{durationText(view.p50Ms, unit)}</span>
          <span className="tile-label">Median (p50)</span>
        </li>
        <li className="tile">
          <span className="tile-value">{durationText(view.p90Ms, unit)}</span>
          <span className="tile-label">90th percentile (p90)</span>
        </li>
        <li className="tile">
          <span className="tile-value">{percentText(view.breaches)}</span>
          <span className="tile-label">Beyond the target</span>
          <span className="tile-detail">
            {view.breaches.numerator} of {view.breaches.denominator} delivered
          </span>
        </li>
      </ul>
      <OverTime view={view} months={months} />
    </section>
  );
}

function OverTime({ view, months }: { view: TurnaroundView; months: readonly MonthMetrics[] }) {
  const loaded = months.filter((entry) => entry.query.data !== undefined).length;
  const failed = months.find((entry) => entry.query.error);
  if (failed)
    return (
      <ErrorState
        error={failed.query.error}
        retry={() => {
          for (const entry of months) if (entry.query.error) void entry.query.refetch();
        }}
      />
    );
  if (loaded < months.length)
    return <Loading label={`Loading the months… (${loaded} of ${months.length})`} />;

  const perMonth = months.map((entry) => ({
    month: entry.month,
    turnaround: (entry.query.data as QualityMetricsView).turnaround,
  }));
  const longest = Math.max(
    view.p90Ms ?? 0,
    ...perMonth.map((entry) => entry.turnaround.p90Ms ?? 0),
  );
  const unit: DurationUnit = durationUnit(longest);
  const data = perMonth.map(({ month, turnaround }) => ({
    label: month.label,
    p50: turnaround.p50Ms === null ? null : round(inUnit(turnaround.p50Ms, unit)),
    p90: turnaround.p90Ms === null ? null : round(inUnit(turnaround.p90Ms, unit)),
    breaches: turnaround.breaches.numerator,
    breachText:
      turnaround.breaches.denominator === 0
        ? ''
        : `${turnaround.breaches.numerator} of ${turnaround.breaches.denominator}`,
  }));
  const describeMonth = ({ month, turnaround }: (typeof perMonth)[number]) =>
    `${month.label}: ${turnaround.delivered} delivered, median ${durationText(turnaround.p50Ms, unit)}, p90 ${durationText(turnaround.p90Ms, unit)}`;
  const monthHeader = (month: MonthSlice) => (
    <>
      {month.label}
      <div className="muted small">
        {month.from} to {month.to}
      </div>
    </>
  );
  return (
    <div className="grid-2">
      <ChartFigure
        title="Median and 90th percentile per month"
        description={`In ${unit}; a month without deliveries leaves a gap.`}
        summary={`Line chart. ${perMonth.map(describeMonth).join('. ')}.`}
        chart={
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
            {...chartFrame(CHART_HEIGHT.normal)}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fill: INK }} padding={{ left: 24, right: 24 }} />
            <YAxis unit={unit === 'hours' ? ' h' : ' d'} tick={{ fill: INK }} width={56} />
            <Legend />
            <Line
              dataKey="p50"
              name="Median (p50)"
              stroke={P50_COLOUR}
              strokeWidth={2}
              dot={{ r: 4 }}
              isAnimationActive={false}
            />
            <Line
              dataKey="p90"
              name="90th percentile (p90)"
              stroke={P90_COLOUR}
              strokeWidth={2}
              strokeDasharray="6 3"
              dot={{ r: 4 }}
              isAnimationActive={false}
            />
          </LineChart>
        }
        table={
          <DataTable
            caption={`Turnaround per month (in ${unit})`}
            columns={['Month', 'Delivered', 'Median (p50)', '90th percentile (p90)']}
            rows={perMonth.map(({ month, turnaround }) => ({
              key: month.month,
              header: monthHeader(month),
              cells: [
                turnaround.delivered,
                durationText(turnaround.p50Ms, unit),
                durationText(turnaround.p90Ms, unit),
              ],
            }))}
          />
        }
      />
      <ChartFigure
        title="Deliveries beyond the target per month"
        description="Opinions delivered later than the target for their priority, of those delivered."
        summary={`Bar chart. ${perMonth
          .map(({ month, turnaround }) => `${month.label}: ${shareText(turnaround.breaches)}`)
          .join('; ')}.`}
        chart={
          <BarChart
            data={data}
            margin={{ top: 24, right: 8, bottom: 4, left: 0 }}
            {...chartFrame(CHART_HEIGHT.normal)}
          >
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fill: INK }} />
            <YAxis allowDecimals={false} tick={{ fill: INK }} width={40} />
            <Bar
              dataKey="breaches"
              name="Beyond the target"
              fill={BREACH_COLOUR}
              isAnimationActive={false}
            >
              <LabelList dataKey="breachText" position="top" fill={INK} />
            </Bar>
          </BarChart>
        }
        table={
          <DataTable
            caption="Deliveries beyond the target per month"
            columns={['Month', 'Beyond the target', 'Out of delivered', 'Percent']}
            rows={perMonth.map(({ month, turnaround }) => ({
              key: month.month,
              header: monthHeader(month),
              cells: [
                turnaround.breaches.numerator,
                turnaround.breaches.denominator,
                percentText(turnaround.breaches),
              ],
            }))}
          />
        }
      />
    </div>
  );
}

/** A value for the chart's scale: one decimal is all the eye reads. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
