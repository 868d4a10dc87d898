import { DocumentWrites, NoteDocumentRepository, PendingWrite } from './note-document.repository';
import { NoteWrites } from './note-writes';

/** A store whose commits finish when the test says, refusing the documents it is told to. */
class ControlledStore {
  readonly commits: string[][] = [];
  readonly logged = new Map<string, string[]>();
  readonly refused = new Set<string>();
  private readonly open: Array<() => void> = [];

  appendMany(entries: DocumentWrites[]): Promise<void> {
    this.commits.push(entries.map((entry) => entry.document));
    return new Promise<void>((resolve, reject) => {
      this.open.push(() => {
        const refused = entries.find((entry) => this.refused.has(entry.document));
        if (refused) return reject(new Error(`refused ${refused.document}`));
        for (const { document, writes } of entries)
          this.logged.set(document, [
            ...(this.logged.get(document) ?? []),
            ...writes.map((write) => new TextDecoder().decode(write.payload)),
          ]);
        resolve();
      });
    });
  }

  /** Finishes every commit in flight, then lets the writer start the next ones. */
  async finishCommits(): Promise<void> {
    for (const finish of this.open.splice(0)) finish();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** What became of writes: committed, or the database's refusal. */
const outcome = (append: Promise<void>): Promise<string> =>
  append.then(
    () => 'committed',
    (error: Error) => error.message,
  );

const write = (text: string): PendingWrite => ({
  payload: new TextEncoder().encode(text),
  actorId: null,
});

describe('NoteWrites: group commit across documents', () => {
  let store: ControlledStore;
  let writes: NoteWrites;

  beforeEach(() => {
    store = new ControlledStore();
    writes = new NoteWrites(store as unknown as NoteDocumentRepository);
  });

  it('commits the first document at once and every document that flushed meanwhile in one commit', async () => {
    const first = writes.append('cases/1', [write('a')]);
    const others = Array.from({ length: 40 }, (_, i) =>
      writes.append(`cases/${i + 2}`, [write(`b${i}`), write(`c${i}`)]),
    );
    expect(store.commits).toEqual([['cases/1']]);
    await store.finishCommits();
    await first;
    expect(store.commits).toHaveLength(2);
    expect(store.commits[1]).toHaveLength(40);
    await store.finishCommits();
    await Promise.all(others);
    expect(store.logged.get('cases/7')).toEqual(['b5', 'c5']);
    expect(store.commits).toHaveLength(2);
  });

  it('keeps one commit in flight at a time, and a document’s writes in the order made', async () => {
    const done = [
      writes.append('cases/1', [write('1')]),
      writes.append('cases/1', [write('2')]),
      writes.append('cases/1', [write('3'), write('4')]),
    ];
    expect(store.commits).toEqual([['cases/1']]);
    await store.finishCommits();
    expect(store.commits).toEqual([['cases/1'], ['cases/1', 'cases/1']]);
    await store.finishCommits();
    await Promise.all(done);
    expect(store.logged.get('cases/1')).toEqual(['1', '2', '3', '4']);
  });

  it('tries each document alone when a shared commit fails, so only the refused one fails', async () => {
    const first = writes.append('cases/0', [write('x')]);
    const healthy = outcome(writes.append('cases/1', [write('kept')]));
    const refused = outcome(writes.append('cases/2', [write('refused')]));
    const alsoHealthy = outcome(writes.append('cases/3', [write('also kept')]));
    store.refused.add('cases/2');
    await store.finishCommits();
    await first;
    expect(store.commits[1]).toEqual(['cases/1', 'cases/2', 'cases/3']);
    await store.finishCommits();
    expect(store.commits.slice(2)).toEqual([['cases/1'], ['cases/2'], ['cases/3']]);
    await store.finishCommits();
    expect(await Promise.all([healthy, refused, alsoHealthy])).toEqual([
      'committed',
      'refused cases/2',
      'committed',
    ]);
    expect(store.logged.get('cases/1')).toEqual(['kept']);
    expect(store.logged.has('cases/2')).toBe(false);
  });

  it('fails a lone document’s writes with the database’s error, and takes the next writes after it', async () => {
    store.refused.add('cases/9');
    const refused = outcome(writes.append('cases/9', [write('x')]));
    await store.finishCommits();
    expect(await refused).toBe('refused cases/9');
    store.refused.clear();
    const retried = writes.append('cases/9', [write('x')]);
    await store.finishCommits();
    await expect(retried).resolves.toBeUndefined();
    expect(store.logged.get('cases/9')).toEqual(['x']);
  });
});
