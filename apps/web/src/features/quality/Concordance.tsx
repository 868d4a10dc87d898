import { Bar, BarChart, CartesianGrid, Cell, LabelList, XAxis, YAxis } from 'recharts';
import { CHART_HEIGHT, CONCORDANCE_COLOURS, INK, PRIMARY, chartFrame } from './chart';
import { ChartFigure, DataTable } from './ChartFigure';
import type { QualityMetricsView } from './queries';
import {
  ARBITRATION_OUTCOME_LABELS,
  CONCORDANCE_LABELS,
  percentText,
  plural,
  shareText,
} from './words';

type ConcordanceView = QualityMetricsView['concordance'];

/**
 * How the second opinions delivered in the period compare with the first ones, most severe class
 * first, coloured by severity (and labelled, so colour is never the only cue); then the
 * arbitrations by a third reviewer, when any was asked for.
 */
export function Concordance({ view }: { view: ConcordanceView }) {
  const data = view.classes.map((entry) => ({
    label: CONCORDANCE_LABELS[entry.classification],
    classification: entry.classification,
    count: entry.share.numerator,
    text: shareText(entry.share),
  }));
  return (
    <section className="card quality-section" aria-labelledby="quality-concordance">
      <h2 id="quality-concordance" className="card-title">
        Second-opinion concordance
      </h2>
      <p className="muted small">
        {plural(view.classified, 'second opinion')} delivered and classified in the period, against
        the first opinion.
      </p>
      <ChartFigure
        title="Concordance classes"
        description="Most severe first: a changed diagnosis, a changed treatment, a clarification, a confirmation."
        summary={`Bar chart of ${plural(view.classified, 'classified opinion')}: ${view.classes
          .map((entry) => `${CONCORDANCE_LABELS[entry.classification]} ${shareText(entry.share)}`)
          .join('; ')}.`}
        chart={
          <BarChart
            data={data}
            margin={{ top: 24, right: 8, bottom: 4, left: 0 }}
            {...chartFrame(CHART_HEIGHT.normal)}
          >
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fill: INK }} interval={0} />
            <YAxis allowDecimals={false} tick={{ fill: INK }} width={40} />
            <Bar dataKey="count" isAnimationActive={false}>
              {data.map((entry) => (
                <Cell key={entry.classification} fill={CONCORDANCE_COLOURS[entry.classification]} />
              ))}
              <LabelList dataKey="text" position="top" fill={INK} />
            </Bar>
          </BarChart>
        }
        table={
          <DataTable
            caption="Concordance classes"
            columns={['Class', 'Opinions', 'Out of', 'Percent']}
            rows={view.classes.map((entry) => ({
              key: entry.classification,
              header: CONCORDANCE_LABELS[entry.classification],
              cells: [entry.share.numerator, entry.share.denominator, percentText(entry.share)],
            }))}
          />
        }
      />
      <Arbitration view={view.arbitration} />
    </section>
  );
}

function Arbitration({ view }: { view: ConcordanceView['arbitration'] }) {
  const counts = `${plural(view.requested, 'arbitration')} asked for and ${view.decided} decided in the period.`;
  if (view.requested === 0 && view.decided === 0)
    return (
      <p className="muted">
        No arbitration by a third reviewer was asked for or decided in the period.
      </p>
    );
  const data = view.outcomes.map((entry) => ({
    label: ARBITRATION_OUTCOME_LABELS[entry.outcome],
    count: entry.share.numerator,
    text: shareText(entry.share),
  }));
  return (
    <ChartFigure
      title="Arbitration by a third reviewer"
      description={counts}
      summary={`Bar chart of ${plural(view.decided, 'decided arbitration')}: ${view.outcomes
        .map((entry) => `${ARBITRATION_OUTCOME_LABELS[entry.outcome]} ${shareText(entry.share)}`)
        .join('; ')}.`}
      chart={
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 120, bottom: 4, left: 8 }}
          {...chartFrame(CHART_HEIGHT.compact)}
        >
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis
            type="number"
            domain={[0, Math.max(1, view.decided)]}
            allowDecimals={false}
            tick={{ fill: INK }}
          />
          <YAxis type="category" dataKey="label" width={170} tick={{ fill: INK }} />
          <Bar dataKey="count" fill={PRIMARY} isAnimationActive={false}>
            <LabelList dataKey="text" position="right" fill={INK} />
          </Bar>
        </BarChart>
      }
      table={
        <DataTable
          caption={`Arbitration outcomes (${counts})`}
          columns={['Outcome', 'Arbitrations', 'Out of decided', 'Percent']}
          rows={view.outcomes.map((entry) => ({
            key: entry.outcome,
            header: ARBITRATION_OUTCOME_LABELS[entry.outcome],
            cells: [entry.share.numerator, entry.share.denominator, percentText(entry.share)],
          }))}
        />
      }
    />
  );
}
