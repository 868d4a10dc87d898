import { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } from 'recharts';
import { specialtyLabel } from '../../ui/words';
import { CHART_HEIGHT, INK, PRIMARY, chartFrame } from './chart';
import { ChartFigure, DataTable } from './ChartFigure';
import type { QualityMetricsView } from './queries';
import { percentText, plural, shareText } from './words';

type CaseConferenceView = QualityMetricsView['caseConference'];

/**
 * Attendance per required specialty: the share of the meetings held that at least one member of
 * the specialty attended (the Commission on Cancer's, then any other the quorum policy requires).
 */
export function Attendance({ view }: { view: CaseConferenceView }) {
  const data = view.attendance.map((entry) => ({
    label: specialtyLabel(entry.specialty),
    percent: entry.share.percent ?? 0,
    text: shareText(entry.share),
  }));
  return (
    <section className="card quality-section" aria-labelledby="quality-attendance">
      <h2 id="quality-attendance" className="card-title">
        Attendance per required specialty
      </h2>
      <p className="muted small">
        Of the {plural(view.meetings, 'meeting')} held in the period: those at least one member of
        the specialty attended.
      </p>
      <ChartFigure
        title="Meetings attended, per specialty"
        description="Percent of the meetings held."
        summary={`Bar chart: ${view.attendance
          .map((entry) => `${specialtyLabel(entry.specialty)} ${shareText(entry.share)} meetings`)
          .join('; ')}.`}
        chart={
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 4, right: 120, bottom: 4, left: 8 }}
            {...chartFrame(Math.max(CHART_HEIGHT.compact, 48 * data.length))}
          >
            <CartesianGrid horizontal={false} strokeDasharray="3 3" />
            <XAxis type="number" domain={[0, 100]} unit="%" tick={{ fill: INK }} />
            <YAxis type="category" dataKey="label" width={160} tick={{ fill: INK }} />
            <Bar dataKey="percent" fill={PRIMARY} isAnimationActive={false}>
              <LabelList dataKey="text" position="right" fill={INK} />
            </Bar>
          </BarChart>
        }
        table={
          <DataTable
            caption="Attendance per required specialty"
            columns={['Specialty', 'Meetings attended', 'Meetings held', 'Percent']}
            rows={view.attendance.map((entry) => ({
              key: entry.specialty,
              header: specialtyLabel(entry.specialty),
              cells: [entry.share.numerator, entry.share.denominator, percentText(entry.share)],
            }))}
          />
        }
      />
    </section>
  );
}
