import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { DataSource } from 'typeorm';
import {
  LIB_NAMES,
  LibName,
  TABLE_OWNERS,
  TableName,
  dataSourceOptions,
  migrateDatabase,
  tableOwner,
} from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@app/testing';

/**
 * "Every table has one owner. Only the owning lib names it in SQL or an entity."
 * (ARCHITECTURE.md). The owners are `TABLE_OWNERS` in libs/persistence/src/table-owners.ts.
 *
 * What counts as naming a table, in a non-spec `.ts` file under `libs/<lib>/src` (owner `<lib>`)
 * or `apps/server/src` (owner `app`, which owns no table: it composes the libs and must read
 * through them):
 * - SQL: in a string or template literal, a table name right after an upper-case FROM, JOIN,
 *   INTO, UPDATE, TABLE, REFERENCES, USING, TRUNCATE or LOCK (optionally `public.`-qualified or
 *   double-quoted, and through a comma-separated FROM list). Our SQL writes its keywords in upper
 *   case, which keeps prose ("moved from meeting to meeting") out; `${…}` parts of a template are
 *   masked, so `from ${x} meeting` never matches.
 * - An entity: `@Entity('name')` / `@Entity({ name: 'name' })`, or a table name as the first
 *   argument of a TypeORM call (`getRepository('meeting')`, `qb.from('meeting', 'm')`, …).
 * - An entity class imported from another lib and used as a value where TypeORM takes an entity:
 *   a call argument (`manager.getRepository(Meeting)`, `qb.innerJoin(Meeting, 'm', …)`,
 *   `@InjectRepository(Meeting)`), an element of an array passed to a call
 *   (`TypeOrmModule.forFeature([Meeting])`), or an arrow's body (`@ManyToOne(() => Meeting)`).
 *   Using the class only as a type is not naming its table.
 * Comments, identifiers, object keys and literals outside SQL (`targetType: 'meeting'`,
 * `new NotFound('vote', id)`) are not references. The migrations (libs/persistence/src/migrations)
 * are exempt: they create every table.
 */

const ROOT = resolve(__dirname, '../..');
const MIGRATIONS_DIR = 'libs/persistence/src/migrations';

/**
 * Today's cross-lib references (file → tables it names but does not own), which issue 15 moves
 * behind the owners' exported read functions. This list only shrinks: the test fails on a
 * reference not listed here, and on a listed one that no longer occurs (delete it then).
 * Never add to it: call a read function the owning lib exports instead.
 */
const KNOWN_CROSS_LIB_REFERENCES: Readonly<Record<string, readonly TableName[]>> = {};

type How = 'SQL' | 'entity' | 'entity class';

interface TableReference {
  file: string;
  line: number;
  table: TableName;
  how: How;
}

interface Violation extends TableReference {
  /** The lib (or `app`) whose source names the table. */
  lib: LibName;
  owner: LibName;
}

interface SourceFile {
  /** Repository-relative, with forward slashes. */
  path: string;
  text: string;
}

/** The lib whose source a repository path is, or null for a file this test does not look at. */
function libOfFile(path: string): LibName | null {
  if (path.startsWith(`${MIGRATIONS_DIR}/`)) return null;
  if (!path.endsWith('.ts') || /\.(spec|int-spec|e2e-spec|d)\.ts$/.test(path)) return null;
  if (path.startsWith('apps/server/src/')) return 'app';
  const lib = /^libs\/([^/]+)\/src\//.exec(path)?.[1];
  return lib ? (lib as LibName) : null;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every `.ts` file under `libs/*\/src` and `apps/server/src`. */
function repositorySources(): SourceFile[] {
  const roots = [
    ...readdirSync(join(ROOT, 'libs')).map((lib) => join(ROOT, 'libs', lib, 'src')),
    join(ROOT, 'apps/server/src'),
  ].filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory());
  return roots
    .flatMap(walk)
    .filter((path) => path.endsWith('.ts'))
    .map((path) => ({
      path: relative(ROOT, path).split('\\').join('/'),
      text: readFileSync(path, 'utf8'),
    }));
}

function parse(file: SourceFile): ts.SourceFile {
  return ts.createSourceFile(file.path, file.text, ts.ScriptTarget.ES2022, true);
}

function visit(node: ts.Node, fn: (node: ts.Node) => void): void {
  fn(node);
  ts.forEachChild(node, (child) => visit(child, fn));
}

/** The name of the function a call calls: `Entity` for `Entity(…)`, `from` for `qb.from(…)`. */
function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

const ENTITY_DECORATORS = new Set(['Entity', 'ViewEntity']);

/** `'name'` in `@Entity('name')` or `@Entity({ name: 'name' })`. */
function entityDecoratorTable(call: ts.CallExpression): ts.StringLiteralLike | undefined {
  if (!ENTITY_DECORATORS.has(calleeName(call) ?? '')) return undefined;
  const [arg] = call.arguments;
  if (arg && ts.isStringLiteralLike(arg)) return arg;
  if (arg && ts.isObjectLiteralExpression(arg)) {
    for (const property of arg.properties) {
      if (
        ts.isPropertyAssignment(property) &&
        property.name.getText() === 'name' &&
        ts.isStringLiteralLike(property.initializer)
      ) {
        return property.initializer;
      }
    }
  }
  return undefined;
}

/** Entity class name → its table, from every `@Entity(…)` class in the scanned sources. */
function entityClasses(files: SourceFile[]): Map<string, TableName> {
  const classes = new Map<string, TableName>();
  for (const file of files) {
    if (!file.text.includes('Entity(')) continue;
    visit(parse(file), (node) => {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const decorator of ts.getDecorators(node) ?? []) {
        if (!ts.isCallExpression(decorator.expression)) continue;
        const literal = entityDecoratorTable(decorator.expression);
        const table = literal?.text;
        if (table !== undefined && tableOwner(table)) {
          classes.set(node.name.text, table as TableName);
        }
      }
    });
  }
  return classes;
}

/**
 * TypeORM calls whose first argument may be a table (or entity) name: the repository and entity
 * manager methods and the query builder's FROM / JOIN / INTO / UPDATE.
 */
const TYPEORM_TARGET_METHODS = new Set([
  'getRepository',
  'getTreeRepository',
  'createQueryBuilder',
  'from',
  'addFrom',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
  'innerJoinAndMapOne',
  'innerJoinAndMapMany',
  'leftJoinAndMapOne',
  'leftJoinAndMapMany',
  'into',
  'update',
  'insert',
  'delete',
  'find',
  'findBy',
  'findOne',
  'findOneBy',
  'findOneOrFail',
  'findOneByOrFail',
  'findAndCount',
  'findAndCountBy',
  'count',
  'countBy',
  'exists',
  'existsBy',
  'save',
  'remove',
  'upsert',
  'increment',
  'decrement',
  'softDelete',
  'restore',
  'clear',
]);

const SQL_KEYWORD = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|REFERENCES|USING|TRUNCATE|LOCK)\s+/g;
/** One relation of a FROM list: optional ONLY / IF [NOT] EXISTS, optional qualifier, the name. */
const SQL_RELATION =
  /(?:ONLY\s+)?(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(?:"?[A-Za-z_][\w$]*"?\s*\.\s*)?"?([A-Za-z_][\w$]*)"?/y;
/** What may follow a relation in a list: an alias, then a comma before the next relation. */
const SQL_LIST_NEXT = /(?:\s+(?:AS\s+)?[A-Za-z_][\w$]*)?\s*,\s*/y;

/**
 * The tables named as SQL relations in `text`, with their offsets. `text` is a literal's source
 * text with its `${…}` parts masked.
 */
function sqlTables(text: string): Array<{ table: TableName; offset: number }> {
  const found: Array<{ table: TableName; offset: number }> = [];
  for (const keyword of text.matchAll(SQL_KEYWORD)) {
    let at = keyword.index + keyword[0].length;
    for (;;) {
      SQL_RELATION.lastIndex = at;
      const relation = SQL_RELATION.exec(text);
      if (!relation) break;
      const name = relation[1];
      if (tableOwner(name)) {
        found.push({
          table: name as TableName,
          offset: relation.index + relation[0].indexOf(name),
        });
      }
      SQL_LIST_NEXT.lastIndex = SQL_RELATION.lastIndex;
      if (!SQL_LIST_NEXT.exec(text)) break;
      at = SQL_LIST_NEXT.lastIndex;
    }
  }
  return found;
}

/** A literal's source text, `${…}` expressions masked (same length, so offsets still hold). */
function maskedLiteral(node: ts.StringLiteral | ts.TemplateLiteral, sf: ts.SourceFile): string {
  const start = node.getStart(sf);
  const chars = sf.text.slice(start, node.end).split('');
  if (ts.isTemplateExpression(node)) {
    for (const span of node.templateSpans) {
      for (let i = span.expression.pos; i < span.expression.end; i++) {
        if (chars[i - start] !== '\n') chars[i - start] = '\0';
      }
    }
  }
  return chars.join('');
}

/** Local names of entity classes a file imports from another lib (`@app/<lib>`). */
function importedEntityClasses(
  sf: ts.SourceFile,
  classes: Map<string, TableName>,
): Map<string, TableName> {
  const imported = new Map<string, TableName>();
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      if (element.isTypeOnly) continue;
      const table = classes.get((element.propertyName ?? element.name).text);
      if (table) imported.set(element.name.text, table);
    }
  }
  return imported;
}

/** Whether an identifier is used where TypeORM takes an entity class (see the top comment). */
function isEntityTarget(node: ts.Identifier): boolean {
  const parent = node.parent;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== node) {
    return parent.arguments?.includes(node) ?? false;
  }
  if (ts.isArrowFunction(parent)) return parent.body === node;
  if (ts.isArrayLiteralExpression(parent)) {
    return ts.isCallExpression(parent.parent) && parent.parent.arguments.includes(parent);
  }
  return false;
}

/** Every table a source file names, in SQL, an entity, or an entity class from another lib. */
function tableReferences(file: SourceFile, classes: Map<string, TableName>): TableReference[] {
  const sf = parse(file);
  const found: TableReference[] = [];
  const add = (position: number, table: TableName, how: How) =>
    found.push({
      file: file.path,
      line: sf.getLineAndCharacterOfPosition(position).line + 1,
      table,
      how,
    });
  const imported = importedEntityClasses(sf, classes);
  visit(sf, (node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateExpression(node)
    ) {
      const start = node.getStart(sf);
      for (const { table, offset } of sqlTables(maskedLiteral(node, sf))) {
        add(start + offset, table, 'SQL');
      }
    }
    if (ts.isCallExpression(node)) {
      const decorated = entityDecoratorTable(node);
      if (decorated && tableOwner(decorated.text)) {
        add(decorated.getStart(sf), decorated.text as TableName, 'entity');
      }
      const [first] = node.arguments;
      if (
        first &&
        ts.isStringLiteralLike(first) &&
        tableOwner(first.text) &&
        TYPEORM_TARGET_METHODS.has(calleeName(node) ?? '')
      ) {
        add(first.getStart(sf), first.text as TableName, 'entity');
      }
    }
    if (ts.isIdentifier(node) && imported.has(node.text) && isEntityTarget(node)) {
      add(node.getStart(sf), imported.get(node.text)!, 'entity class');
    }
  });
  return found;
}

/** The references in `files` to tables another lib owns. */
function crossLibReferences(files: SourceFile[], classes: Map<string, TableName>): Violation[] {
  return files.flatMap((file) => {
    const lib = libOfFile(file.path);
    if (!lib) return [];
    return tableReferences(file, classes).flatMap((reference) => {
      const owner = TABLE_OWNERS[reference.table];
      return owner === lib ? [] : [{ ...reference, lib, owner }];
    });
  });
}

const describeViolation = (v: Violation) =>
  `${v.file}:${v.line} names table ${v.table} (${v.how}), owned by ${v.owner}: ` +
  `${v.lib === 'app' ? 'the app' : `lib ${v.lib}`} must call a read function ${v.owner} exports`;

/** The ratchet: references not in `known`, and `known` entries that no longer occur. */
function checkAgainstKnown(
  violations: Violation[],
  known: Readonly<Record<string, readonly string[]>>,
): { unlisted: string[]; stale: string[] } {
  const unlisted = violations
    .filter((v) => !known[v.file]?.includes(v.table))
    .map(describeViolation);
  const stale = Object.entries(known).flatMap(([file, tables]) =>
    tables
      .filter((table) => !violations.some((v) => v.file === file && v.table === table))
      .map(
        (table) =>
          `KNOWN_CROSS_LIB_REFERENCES lists ${file} → ${table}, which no longer occurs: ` +
          'remove it from the list',
      ),
  );
  return { unlisted, stale };
}

/** The table names each migration's SQL creates (`CREATE TABLE name`). */
function tablesCreatedByMigrationSources(): string[] {
  const created = walk(join(ROOT, MIGRATIONS_DIR))
    .filter((path) => path.endsWith('.ts') && !path.endsWith('index.ts'))
    .flatMap((path) =>
      [
        ...readFileSync(path, 'utf8').matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?"?(\w+)"?/g),
      ].map((match) => match[1]),
    );
  return [...new Set(created)].sort();
}

const ownedTables = () => Object.keys(TABLE_OWNERS).sort();

describe('the table owner map (libs/persistence/src/table-owners.ts)', () => {
  it('names every table the migration sources create, and no other', () => {
    expect(ownedTables()).toEqual(tablesCreatedByMigrationSources());
  });

  it('names every table of a migrated database, and no other', async () => {
    const database: TestDatabase = await createTestDatabase();
    const dataSource = await new DataSource(
      dataSourceOptions({ url: database.url, entities: [], poolSize: 2 }),
    ).initialize();
    try {
      await migrateDatabase(dataSource);
      const rows = await dataSource.query<Array<{ table_name: string }>>(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_name <> 'schema_migration' ORDER BY table_name`,
      );
      expect(rows.map((row) => row.table_name)).toEqual(ownedTables());
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });

  it('gives every table a lib of this repository as its owner, and knows every lib', () => {
    const libs = readdirSync(join(ROOT, 'libs')).filter((lib) =>
      statSync(join(ROOT, 'libs', lib, 'src'), { throwIfNoEntry: false })?.isDirectory(),
    );
    expect(LIB_NAMES.filter((lib) => lib !== 'app').sort()).toEqual(libs.sort());
    for (const owner of Object.values(TABLE_OWNERS)) {
      expect(statSync(join(ROOT, 'libs', owner, 'src')).isDirectory()).toBe(true);
    }
  });
});

describe('only the owning lib names a table (ARCHITECTURE.md)', () => {
  const files = repositorySources();
  const classes = entityClasses(files);
  const violations = crossLibReferences(files, classes);

  it('finds the entity classes and their tables', () => {
    expect(classes.get('Meeting')).toBe('meeting');
    expect(classes.get('User')).toBe('app_user');
    expect(classes.get('WebhookDelivery')).toBe('webhook_delivery');
    for (const table of classes.values()) expect(tableOwner(table)).toBeDefined();
  });

  it('sees the owners naming their own tables', () => {
    const own = (path: string) =>
      tableReferences(
        files.find((file) => file.path === path)!,
        classes,
      ).map(({ table, how }) => `${table} ${how}`);
    expect(own('libs/boards/src/meeting.entity.ts')).toEqual([
      'meeting_series entity',
      'meeting entity',
    ]);
    expect(own('libs/notes/src/note-document.repository.ts')).toContain('note_update SQL');
  });

  it('finds no lib naming a table another lib owns, beyond the known ones', () => {
    expect(checkAgainstKnown(violations, KNOWN_CROSS_LIB_REFERENCES).unlisted).toEqual([]);
  });

  it('lists only known references that still occur (the list only shrinks)', () => {
    expect(checkAgainstKnown(violations, KNOWN_CROSS_LIB_REFERENCES).stale).toEqual([]);
  });

  describe('on planted sources', () => {
    /** A voting file that names boards' and auth's tables in every way the test looks for. */
    const planted: SourceFile = {
      path: 'libs/voting/src/planted.ts',
      text: [
        `import { EntityManager } from 'typeorm';`, // 1
        `import { Meeting } from '@app/boards';`, // 2
        `import type { User } from '@app/auth';`, // 3
        `export async function planted(db: EntityManager, user: User): Promise<unknown> {`, // 4
        `  await db.query(\`SELECT m.id FROM board_member bm`, // 5
        `    JOIN meeting m ON m.board_id = bm.board_id WHERE bm.user_id = $1\`, [user.id]);`, // 6
        `  await db.query('UPDATE "public"."board" SET name = $1', ['x']);`, // 7
        `  await db.query(\`SELECT 1 FROM due, app_user u WHERE u.id = \${user.id}\`);`, // 8
        `  await db.createQueryBuilder().select('1').from('clinical_case', 'c').getRawMany();`, // 9
        `  return db.getRepository(Meeting).findOneBy({ id: user.id });`, // 10
        `}`, // 11
        `@Entity('agenda_item')`, // 12
        `export class Planted {}`, // 13
      ].join('\n'),
    };

    /** Table names in prose, comments, identifiers, types and non-SQL literals: no references. */
    const innocent: SourceFile = {
      path: 'libs/voting/src/innocent.ts',
      text: [
        `import type { Meeting } from '@app/boards';`,
        `import { Board } from '@app/contracts';`,
        `// SELECT * FROM meeting: a comment is not SQL`,
        `export function innocent(meeting: Meeting, board: Board, from: string): string[] {`,
        `  const vote = { targetType: 'meeting', board_member: 1 };`,
        `  if (!meeting) throw new Error('moved from meeting to meeting, update board settings');`,
        `  return [\`from \${from} meeting\`, \`FROM \${'x'} meeting\`, 'board', String(vote), String(board)];`,
        `}`,
        `export const rows = (db: { query(sql: string): void }) =>`,
        `  db.query('SELECT v.id FROM vote v JOIN ballot b ON b.vote_id = v.id');`,
      ].join('\n'),
    };

    it("catches each way of naming another lib's table, with file, line, table and owner", () => {
      const found = crossLibReferences([planted], classes).map(
        ({ line, table, owner, how }) => `${line} ${table} ${owner} ${how}`,
      );
      expect(found.sort()).toEqual(
        [
          '5 board_member boards SQL',
          '6 meeting boards SQL',
          '7 board boards SQL',
          '8 app_user auth SQL',
          '9 clinical_case cases entity',
          '10 meeting boards entity class',
          '12 agenda_item cases entity',
        ].sort(),
      );
    });

    it('fails the ratchet on a planted violation, naming file, line, table and owner', () => {
      const { unlisted, stale } = checkAgainstKnown(
        crossLibReferences([...files, planted], classes),
        KNOWN_CROSS_LIB_REFERENCES,
      );
      expect(stale).toEqual([]);
      expect(unlisted).toHaveLength(7);
      expect(unlisted).toContain(
        'libs/voting/src/planted.ts:5 names table board_member (SQL), owned by boards: ' +
          'lib voting must call a read function boards exports',
      );
    });

    it('fails the ratchet on a listed reference that no longer occurs', () => {
      const { unlisted, stale } = checkAgainstKnown(crossLibReferences([planted], classes), {
        'libs/voting/src/planted.ts': ['board_member', 'ballot' as TableName],
      });
      expect(unlisted).toHaveLength(6);
      expect(stale).toEqual([
        'KNOWN_CROSS_LIB_REFERENCES lists libs/voting/src/planted.ts → ballot, which no longer ' +
          'occurs: remove it from the list',
      ]);
    });

    it("sees no reference in prose, comments, types or the lib's own tables", () => {
      expect(crossLibReferences([innocent], classes)).toEqual([]);
      expect(tableReferences(innocent, classes).map(({ table }) => table)).toEqual([
        'vote',
        'ballot',
      ]);
    });

    it('reads the app as owning no table, and skips specs and migrations', () => {
      const sql = `export const q = 'SELECT 1 FROM vote';\n`;
      const lib = (path: string) =>
        crossLibReferences([{ path, text: sql }], classes).map((v) => v.lib);
      expect(lib('apps/server/src/x.ts')).toEqual(['app']);
      expect(lib('libs/second-opinions/src/x.ts')).toEqual(['second-opinions']);
      expect(lib('libs/voting/src/x.ts')).toEqual([]);
      expect(lib('libs/live/src/x.spec.ts')).toEqual([]);
      expect(lib(`${MIGRATIONS_DIR}/1795390000000-CreateVoting.ts`)).toEqual([]);
    });
  });
});
