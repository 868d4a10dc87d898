import { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } from 'recharts';
import { ChartFigure, DataTable } from './ChartFigure';
import { CHART_HEIGHT, INK, PRIMARY, chartFrame } from './chart';
import type { QualityMetricsView } from './queries';
import { percentText, plural, shareText, type Share } from './words';

type CaseConferenceView = QualityMetricsView['caseConference'];

type Measure =
  | 'casesPresented'
  | 'prospective'
  | 'stageDocumented'
  | 'guidelineCited'
  | 'clinicalTrialDiscussed';

/**
 * Each figure, and what it is counted against: after a count ("12 of 40 in the analytic
 * caseload") and as the table's "Out of" column names it ("out of the analytic caseload").
 */
const MEASURES: ReadonlyArray<{ key: Measure; label: string; outOf: string; base: string }> = [
  {
    key: 'casesPresented',
    label: 'Cases presented',
    outOf: 'in the analytic caseload',
    base: 'the analytic caseload',
  },
  {
    key: 'prospective',
    label: 'Presented prospectively',
    outOf: 'presented with a first-treatment record',
    base: 'cases presented with a first-treatment record',
  },
  {
    key: 'stageDocumented',
    label: 'Stage documented',
    outOf: 'cases presented',
    base: 'cases presented',
  },
  {
    key: 'guidelineCited',
    label: 'Guideline cited',
    outOf: 'cases presented',
    base: 'cases presented',
  },
  {
    key: 'clinicalTrialDiscussed',
    label: 'Clinical trial discussed',
    outOf: 'cases presented',
    base: 'cases presented',
  },
];

/**
 * The Commission on Cancer's case-conference figures: big-number tiles, then the shares as bars
 * (percent of what each is counted against), each labelled with its numerator and denominator.
 */
export function CaseConference({ view }: { view: CaseConferenceView }) {
  const rows = MEASURES.map((measure) => ({ ...measure, share: view[measure.key] as Share }));
  const data = rows.map((row) => ({
    label: row.label,
    percent: row.share.percent ?? 0,
    text: shareText(row.share),
  }));
  const highest = Math.max(100, ...data.map((entry) => entry.percent));
  return (
    <section className="card quality-section" aria-labelledby="quality-coc">
      <h2 id="quality-coc" className="card-title">
        Case conferences (Commission on Cancer)
      </h2>
      <p className="muted small">
        {plural(view.meetings, 'meeting')} held in the period. Cases presented are counted once
        however often they were discussed.
        {view.prospectiveNotRecorded > 0
          ? ` ${plural(view.prospectiveNotRecorded, 'case')} presented without a first-treatment record ${view.prospectiveNotRecorded === 1 ? 'is' : 'are'} left out of “prospective”.`
          : ''}
      </p>
      <ul className="tiles" aria-label="Case-conference figures">
        {rows.map((row) => (
          <li key={row.key} className="tile">
            <span className="tile-value">{percentText(row.share)}</span>
            <span className="tile-label">{row.label}</span>
            <span className="tile-detail">
              {row.share.numerator} of {row.share.denominator} {row.outOf}
            </span>
          </li>
        ))}
      </ul>
      <ChartFigure
        title="Case-conference shares"
        description="Percent of what each figure is counted against; cases presented may exceed 100%."
        summary={`Bar chart: ${rows.map((row) => `${row.label} ${shareText(row.share)}`).join('; ')}.`}
        chart={
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 4, right: 140, bottom: 4, left: 8 }}
            {...chartFrame(CHART_HEIGHT.normal)}
          >
            <CartesianGrid horizontal={false} strokeDasharray="3 3" />
            <XAxis type="number" domain={[0, Math.ceil(highest)]} unit="%" tick={{ fill: INK }} />
            <YAxis type="category" dataKey="label" width={180} tick={{ fill: INK }} />
            <Bar dataKey="percent" fill={PRIMARY} isAnimationActive={false}>
              <LabelList dataKey="text" position="right" fill={INK} />
            </Bar>
          </BarChart>
        }
        table={
          <DataTable
            caption="Case-conference figures"
            columns={['Figure', 'Cases', 'Out of', 'Percent']}
            rows={rows.map((row) => ({
              key: row.key,
              header: (
                <>
                  {row.label}
                  <div className="muted small">Out of {row.base}</div>
                </>
              ),
              cells: [row.share.numerator, row.share.denominator, percentText(row.share)],
            }))}
          />
        }
      />
    </section>
  );
}
