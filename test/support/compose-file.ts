import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A variable the file requires (`${NAME:?message}`) is unset or empty: Compose refuses the file. */
export class MissingVariable extends Error {
  constructor(
    readonly variable: string,
    readonly hint: string,
  ) {
    super(`required variable ${variable} is missing a value: ${hint}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** `$$`, `$NAME`, or `${…}` whose body may itself hold `${…}` (Compose's nested defaults). */
const TOKEN = /\$(\$|[A-Za-z_][A-Za-z0-9_]*|\{)/;

/**
 * A value interpolated as the Compose Specification says: `$$` is a `$`; `${NAME}` and `$NAME`
 * the variable (empty when unset); `:-` / `-` a default when unset or empty / unset; `:?` / `?`
 * an error when unset or empty / unset; `:+` / `+` a replacement when set and non-empty / set.
 * Defaults and replacements are interpolated in turn.
 */
export function interpolate(text: string, env: Env): string {
  const token = new RegExp(TOKEN.source, 'g');
  let out = '';
  let at = 0;
  for (let match = token.exec(text); match; match = token.exec(text)) {
    out += text.slice(at, match.index);
    const [, head] = match;
    if (head === '$') {
      out += '$';
      at = token.lastIndex;
    } else if (head !== '{') {
      out += env[head] ?? '';
      at = token.lastIndex;
    } else {
      const close = closingBrace(text, token.lastIndex);
      out += expand(text.slice(token.lastIndex, close), env);
      at = close + 1;
      token.lastIndex = at;
    }
  }
  return out + text.slice(at);
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`unclosed \${ in "${text}"`);
}

function expand(body: string, env: Env): string {
  const parts = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!parts) throw new Error(`invalid interpolation "\${${body}}"`);
  const [, name, operator, operand = ''] = parts;
  const value = env[name];
  const unset = value === undefined;
  const missing = operator?.startsWith(':') ? unset || value === '' : unset;
  switch (operator?.slice(-1)) {
    case undefined:
      return value ?? '';
    case '-':
      return missing ? interpolate(operand, env) : value!;
    case '?':
      if (missing) throw new MissingVariable(name, interpolate(operand, env));
      return value!;
    default:
      return missing ? '' : interpolate(operand, env);
  }
}

function interpolateTree(node: unknown, env: Env): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env));
  if (node !== null && typeof node === 'object')
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env)]),
    );
  return node;
}

/** A Compose file parsed (YAML merge keys resolved) and interpolated with `env`. */
export function readComposeFile(path: string, env: Env): Record<string, unknown> {
  const tree: unknown = parse(readFileSync(path, 'utf8'), { merge: true });
  return interpolateTree(tree, env) as Record<string, unknown>;
}
