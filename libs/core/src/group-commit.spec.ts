import { Conflict } from './errors';
import { BatchOutcome, GroupCommit } from './group-commit';
import { currentRequestContext, runWithRequestContext } from './request-context';

/** A recorder the test releases batch by batch; it answers each ballot with its name, or refuses "late". */
function controlledRecorder() {
  const batches: Array<{ voteId: string; ballots: string[]; context: unknown }> = [];
  const releases: Array<(failure?: Error) => void> = [];
  const record = (voteId: string, ballots: string[]) => {
    batches.push({ voteId, ballots, context: currentRequestContext() });
    return new Promise<Array<BatchOutcome<string>>>((resolve, reject) =>
      releases.push((failure) =>
        failure
          ? reject(failure)
          : resolve(
              ballots.map((ballot) =>
                ballot === 'late'
                  ? { refusal: new Conflict('the vote is closed') }
                  : { receipt: ballot },
              ),
            ),
      ),
    );
  };
  return { batches, record, release: (failure?: Error) => releases.shift()?.(failure) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('records the first ballot at once and those arriving meanwhile together in the next batch', async () => {
    const recorder = controlledRecorder();
    const batches = new GroupCommit(recorder.record);
    const first = batches.submit('v1', 'a');
    const waiting = ['b', 'c', 'd'].map((ballot) => batches.submit('v1', ballot));
    await settled();
    expect(recorder.batches.map((batch) => batch.ballots)).toEqual([['a']]);

    recorder.release();
    expect(await first).toBe('a');
    await settled();
    expect(recorder.batches.map((batch) => batch.ballots)).toEqual([['a'], ['b', 'c', 'd']]);
    recorder.release();
    expect(await Promise.all(waiting)).toEqual(['b', 'c', 'd']);
  });

  it('starts again with the next ballot once every batch is recorded', async () => {
    const recorder = controlledRecorder();
    const batches = new GroupCommit(recorder.record);
    const first = batches.submit('v1', 'a');
    recorder.release();
    await first;
    const second = batches.submit('v1', 'b');
    await settled();
    recorder.release();
    expect(await second).toBe('b');
    expect(recorder.batches.map((batch) => batch.ballots)).toEqual([['a'], ['b']]);
  });

  it('batches each vote on its own: one vote’s batch does not hold up another’s', async () => {
    const recorder = controlledRecorder();
    const batches = new GroupCommit(recorder.record);
    void batches.submit('v1', 'a');
    void batches.submit('v2', 'b');
    await settled();
    expect(recorder.batches.map(({ voteId, ballots }) => [voteId, ballots])).toEqual([
      ['v1', ['a']],
      ['v2', ['b']],
    ]);
  });

  it('gives each ballot its own outcome: a refusal fails that ballot only', async () => {
    const recorder = controlledRecorder();
    const batches = new GroupCommit(recorder.record);
    void batches.submit('v1', 'a');
    const mixed = [
      batches.submit('v1', 'b'),
      batches.submit('v1', 'late'),
      batches.submit('v1', 'c'),
    ];
    recorder.release();
    await settled();
    recorder.release();
    expect(await Promise.allSettled(mixed)).toEqual([
      { status: 'fulfilled', value: 'b' },
      { status: 'rejected', reason: new Conflict('the vote is closed') },
      { status: 'fulfilled', value: 'c' },
    ]);
  });

  it('fails every ballot of a batch that fails, and records the next batch still', async () => {
    const recorder = controlledRecorder();
    const batches = new GroupCommit(recorder.record);
    const first = batches.submit('v1', 'a');
    const failing = [batches.submit('v1', 'b'), batches.submit('v1', 'c')];
    recorder.release();
    await first;
    await settled();
    const after = batches.submit('v1', 'd');
    const failure = new Error('connection terminated');
    recorder.release(failure);
    expect(await Promise.allSettled(failing)).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    await settled();
    recorder.release();
    expect(await after).toBe('d');
  });

  it('records outside the context of the request whose ballot started the batch', async () => {
    const recorder = controlledRecorder();
    const batches = new GroupCommit(recorder.record);
    const context = { requestId: 'r1', clientIp: '10.0.0.1', actorId: 'u1' };
    const first = runWithRequestContext(context, () => batches.submit('v1', 'a'));
    const second = runWithRequestContext(context, () => batches.submit('v1', 'b'));
    recorder.release();
    await first;
    await settled();
    recorder.release();
    await second;
    expect(recorder.batches.map((batch) => batch.context)).toEqual([undefined, undefined]);
  });

  it('tells when every ballot submitted so far is recorded', async () => {
    const recorder = controlledRecorder();
    const batches = new GroupCommit(recorder.record);
    await batches.settled('v1');
    const ballots = [batches.submit('v1', 'a'), batches.submit('v1', 'b')];
    let done = false;
    const settledAll = batches.settled('v1').then(() => (done = true));
    recorder.release();
    await settled();
    expect(done).toBe(false);
    recorder.release();
    await settledAll;
    expect(await Promise.all(ballots)).toEqual(['a', 'b']);
  });
});
