/** Where the reader is in their review: the steps, those done and the current one. */
export function Steps({
  label,
  steps,
  current,
}: {
  label: string;
  steps: readonly string[];
  /** The index of the current step; `steps.length` once all are done. */
  current: number;
}) {
  return (
    <ol className="reviews-steps" aria-label={label}>
      {steps.map((step, index) => {
        const state = index < current ? 'done' : index === current ? 'current' : 'to do';
        return (
          <li
            key={step}
            className={`reviews-step reviews-step-${state.replace(' ', '-')}`}
            aria-current={index === current ? 'step' : undefined}
          >
            <span className="reviews-step-number" aria-hidden="true">
              {index < current ? '✓' : index + 1}
            </span>
            {step}
            <span className="visually-hidden"> ({state})</span>
          </li>
        );
      })}
    </ol>
  );
}
