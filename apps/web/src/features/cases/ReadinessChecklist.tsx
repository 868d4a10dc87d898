import type { ReadinessView } from '../../api/types';
import { Badge, Card } from '../../ui/Page';
import './cases.css';

/** The board's checklist for this case, met and unmet, with what each item found. */
export function ReadinessChecklist({ readiness }: { readiness: ReadinessView }) {
  const unmet = readiness.items.filter((item) => !item.met).length;
  return (
    <Card
      title="Readiness"
      actions={
        readiness.ready ? (
          <Badge tone="success">Checklist met</Badge>
        ) : (
          <Badge tone="warning">{unmet === 1 ? '1 item open' : `${unmet} items open`}</Badge>
        )
      }
    >
      {readiness.items.length === 0 ? (
        <p className="muted">This board's checklist has no items.</p>
      ) : (
        <ul className="list-plain list-rows checklist" aria-label="Readiness checklist">
          {readiness.items.map((item, index) => (
            <li key={item.preparationRequestId ?? `${item.label}-${index}`}>
              <span className={`checklist-mark ${item.met ? 'met' : 'unmet'}`} aria-hidden="true">
                {item.met ? '✓' : '✗'}
              </span>
              <span>
                <span className="visually-hidden">{item.met ? 'Met: ' : 'Not met: '}</span>
                {item.label}
              </span>
              {item.detail ? <span className="checklist-detail">{item.detail}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
