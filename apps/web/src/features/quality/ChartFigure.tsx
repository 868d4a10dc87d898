import { useId, useState, type ReactNode } from 'react';
import { Button } from '../../ui/Button';

/**
 * A chart with its numbers: the chart is one image to assistive technology, named by a summary of
 * what it shows, and the same figures are one press away as a table (keyboard-operable, and the
 * table a screen reader navigates).
 */
export function ChartFigure({
  title,
  description,
  summary,
  chart,
  table,
}: {
  title: string;
  description?: ReactNode;
  /** What the chart shows, in a sentence, for those who do not see it. */
  summary: string;
  chart: ReactNode;
  table: ReactNode;
}) {
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  const toggle = showTable ? 'Hide table' : 'Show as table';
  return (
    <figure className="chart-figure" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 id={`${id}-title`} className="chart-title">
          {title}
        </h3>
        {description ? <p className="muted small">{description}</p> : null}
      </figcaption>
      <div className="chart-box" role="img" aria-label={summary}>
        {chart}
      </div>
      <Button
        size="small"
        variant="quiet"
        aria-label={`${toggle}: ${title}`}
        aria-expanded={showTable}
        aria-controls={`${id}-table`}
        onPress={() => setShowTable((shown) => !shown)}
      >
        {toggle}
      </Button>
      <div id={`${id}-table`} className="table-wrap" hidden={!showTable}>
        {table}
      </div>
    </figure>
  );
}

export interface TableRow {
  key: string;
  /** The row's header cell: what the row is about. */
  header: ReactNode;
  cells: readonly ReactNode[];
}

/** A chart's figures as a table: a caption, column headers, and one headed row per item. */
export function DataTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  /** The headers, the row headers' column first. */
  columns: readonly string[];
  rows: readonly TableRow[];
}) {
  return (
    <table className="table figure-table row-headed">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.header}</th>
            {row.cells.map((cell, index) => (
              <td key={columns[index + 1] ?? index}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
