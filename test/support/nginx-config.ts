import { readFileSync } from 'node:fs';

/** One nginx directive: `name args…;` or `name args… { children }`. */
export interface Directive {
  name: string;
  args: string[];
  children: Directive[];
}

const TOKENS =
  /\s+|#[^\n]*|"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|([{};])|([^\s{};"'#][^\s{};]*)/y;

/** The directives of an nginx configuration file, nested as written (no includes). */
export function readNginxConfig(path: string): Directive[] {
  const text = readFileSync(path, 'utf8');
  const root: Directive = { name: '', args: [], children: [] };
  const open: Directive[] = [root];
  let words: string[] = [];
  TOKENS.lastIndex = 0;
  while (TOKENS.lastIndex < text.length) {
    const at = TOKENS.lastIndex;
    const match = TOKENS.exec(text);
    if (!match) throw new Error(`${path}: cannot read at offset ${at}`);
    const [, doubleQuoted, singleQuoted, punctuation, word] = match;
    if (doubleQuoted !== undefined || singleQuoted !== undefined || word !== undefined) {
      words.push(doubleQuoted ?? singleQuoted ?? word);
    } else if (punctuation === ';' || punctuation === '{') {
      if (words.length === 0)
        throw new Error(`${path}: "${punctuation}" without a directive at ${at}`);
      const [name, ...args] = words;
      const directive = { name, args, children: [] };
      open[open.length - 1].children.push(directive);
      if (punctuation === '{') open.push(directive);
      words = [];
    } else if (punctuation === '}') {
      if (words.length > 0 || open.length === 1)
        throw new Error(`${path}: unexpected "}" at ${at}`);
      open.pop();
    }
  }
  if (open.length !== 1 || words.length > 0) throw new Error(`${path}: unclosed block`);
  return root.children;
}

export function only(directives: Directive[], name: string): Directive {
  const found = directives.filter((directive) => directive.name === name);
  if (found.length !== 1) throw new Error(`expected one "${name}", found ${found.length}`);
  return found[0];
}

export function all(directives: Directive[], name: string): Directive[] {
  return directives.filter((directive) => directive.name === name);
}

/** nginx's size syntax (`1m`, `26m`, `512k`, `1024`) in bytes. */
export function sizeInBytes(size: string): number {
  const parts = /^(\d+)([kKmMgG]?)$/.exec(size);
  if (!parts) throw new Error(`not an nginx size: ${size}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[parts[2].toLowerCase()]!;
  return Number(parts[1]) * unit;
}

/**
 * The `location` block nginx picks for a request path, by its documented order: an exact `=`
 * match; else the longest prefix, kept outright when it is `^~`; else the first matching regular
 * expression (`~`, `~*`) in the order written; else that longest prefix.
 */
export function locationFor(server: Directive, path: string): Directive | null {
  const locations = all(server.children, 'location');
  const exact = locations.find(({ args }) => args[0] === '=' && args[1] === path);
  if (exact) return exact;
  const prefixes = locations
    .filter(({ args }) => args.length === 1 || args[0] === '^~')
    .filter(({ args }) => path.startsWith(args[args.length - 1]))
    .sort((a, b) => b.args[b.args.length - 1].length - a.args[a.args.length - 1].length);
  const longest = prefixes[0] ?? null;
  if (longest?.args[0] === '^~') return longest;
  const regex = locations.find(
    ({ args }) =>
      (args[0] === '~' || args[0] === '~*') &&
      new RegExp(args[1], args[0] === '~*' ? 'i' : '').test(path),
  );
  return regex ?? longest;
}
