import type { Schemas } from '../../api/types';
import { Badge } from '../../ui/Page';
import { specialtyLabel } from '../../ui/words';
import type { VoteOption, VoteTally } from './queries';
import { findOption, outcomeWords, percent, plural } from './words';

type Outcome = Schemas['VoteOutcomeView'];

const OUTCOME_MARK = { success: '✓', warning: '!', danger: '✕', info: 'i', neutral: '•' };

/** What the vote decided, in words, with a mark and a colour that both say the same. */
export function OutcomeBanner({
  outcome,
  options,
  tally,
}: {
  outcome: Outcome;
  options: readonly VoteOption[];
  tally: VoteTally;
}) {
  const words = outcomeWords(outcome, options, tally);
  return (
    <div className={`vote-outcome vote-outcome-${words.tone}`}>
      <span className="vote-outcome-mark" aria-hidden="true">
        {OUTCOME_MARK[words.tone]}
      </span>
      <div>
        <h3 className="vote-outcome-title">{words.title}</h3>
        {words.detail ? <p className="vote-outcome-detail">{words.detail}</p> : null}
      </div>
    </div>
  );
}

/** The votes per option: a bar each, with the count and the share written beside it. */
export function TallyBars({
  options,
  tally,
  outcome,
}: {
  options: readonly VoteOption[];
  tally: VoteTally;
  outcome: Outcome | null;
}) {
  const tied =
    outcome?.kind === 'no_consensus' && outcome.reason === 'tie' ? outcome.tiedOptionIds : [];
  return (
    <div className="stack tally">
      <ol className="list-plain tally-list" aria-label="Votes per option">
        {tally.options.map((row) => {
          const found = findOption(options, row.optionId);
          const chosen = outcome?.kind === 'consensus' && outcome.optionId === row.optionId;
          const width = row.share.of === 0 ? 0 : (100 * row.share.votes) / row.share.of;
          return (
            <li key={row.optionId} className={chosen ? 'tally-row tally-row-chosen' : 'tally-row'}>
              <div className="tally-head">
                <span className="tally-name">{found?.name ?? 'Unlisted option'}</span>
                {chosen ? <Badge tone="success">✓ Consensus</Badge> : null}
                {tied.includes(row.optionId) ? <Badge tone="warning">= Tied</Badge> : null}
                <span className="tally-figures">
                  <strong className="tally-votes">{plural(row.votes, 'vote')}</strong>
                  <span className="tally-share">{percent(row.share)}</span>
                </span>
              </div>
              {found ? <p className="tally-text">{found.option.text}</p> : null}
              <div className="tally-track" aria-hidden="true">
                <div className="tally-fill" style={{ width: `${width}%` }} />
              </div>
            </li>
          );
        })}
      </ol>
      <p className="muted small">
        Shares are of the {plural(tally.ballotsCounted - tally.abstentions, 'vote')} for an option;{' '}
        {plural(tally.abstentions, 'abstention')} {tally.abstentions === 1 ? 'is' : 'are'} not
        counted in them.
      </p>
      <TallySummary tally={tally} />
    </div>
  );
}

/** Turnout and quorum in one line. */
export function TallySummary({ tally }: { tally: VoteTally }) {
  return (
    <ul className="list-plain tally-summary">
      <li>
        <strong>
          {tally.turnout.votes} of {tally.turnout.of}
        </strong>{' '}
        eligible members voted ({percent(tally.turnout)})
      </li>
      <li>
        <strong>{tally.abstentions}</strong> abstained
      </li>
      <li className={tally.quorum.met ? 'quorum-met' : 'quorum-missed'}>
        {tally.quorum.met ? '✓ Quorum met' : '✕ Quorum not met'}: {tally.quorum.counted} counted,{' '}
        {tally.quorum.required} required
      </li>
    </ul>
  );
}

/**
 * How each specialty voted: one row per specialty, one column per option, then abstentions and
 * how many of its eligible members voted (narrow enough for the meeting room's side panel).
 */
export function SpecialtyTable({
  options,
  tally,
}: {
  options: readonly VoteOption[];
  tally: VoteTally;
}) {
  const columns = tally.options.map((row) => ({
    optionId: row.optionId,
    name: findOption(options, row.optionId)?.name ?? 'Unlisted option',
  }));
  return (
    <div className="table-wrap">
      <table className="table specialty-table">
        <caption>Votes by specialty</caption>
        <thead>
          <tr>
            <th scope="col">Specialty</th>
            {columns.map((column) => (
              <th scope="col" key={column.optionId} className="number">
                {column.name}
              </th>
            ))}
            <th scope="col" className="number">
              Abstained
            </th>
            <th scope="col" className="number">
              Voted
            </th>
          </tr>
        </thead>
        <tbody>
          {tally.bySpecialty.map((row) => {
            const votes = columns.map(
              (column) => row.votes.find((entry) => entry.optionId === column.optionId)?.votes ?? 0,
            );
            const voted = votes.reduce((sum, count) => sum + count, 0) + row.abstentions;
            return (
              <tr key={row.specialty}>
                <th scope="row">{specialtyLabel(row.specialty)}</th>
                {votes.map((count, index) => (
                  <td key={columns[index]?.optionId} className="number">
                    {count}
                  </td>
                ))}
                <td className="number">{row.abstentions}</td>
                <td className="number">
                  {voted} of {row.eligible}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
