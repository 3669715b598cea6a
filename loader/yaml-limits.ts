import { isAlias, isMap, isPair, isSeq, type Alias, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigProblem } from './config-error';

/**
 * Deepest nesting of mappings and lists a config file may have. The deepest field of the schemas
 * (`sites[].vsphere.templates[].name`) is six levels down; the limit leaves room for growth and keeps every
 * recursive walk (the `yaml` package's, ajv's, ours) far from the end of the stack.
 */
export const MAX_YAML_DEPTH = 20;

/**
 * What the loader refuses in a parsed YAML document before it turns it into data, at most one problem of each
 * kind per file so a hostile file cannot flood the report:
 * - an alias (`*name`) of any kind, merge keys (`<<: *name`) included. Config files are reviewed as text in
 *   merge requests, so every value must stand where a reviewer reads it; nothing in the schemas needs the
 *   repetition an alias saves; and refusing all of them removes alias expansion ("billion laughs") and
 *   unresolved aliases without a limit to tune;
 * - nesting deeper than {@link MAX_YAML_DEPTH};
 * - an empty file, or a top level that is not a mapping of fields.
 * The walk is iterative, so it cannot itself overflow the stack on the documents it refuses.
 */
export function documentProblems(file: string, doc: Document, lines: LineCounter): ConfigProblem[] {
  const at = (node: { range?: [number, number, number] | null } | null | undefined) => {
    const pos = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line: pos.line, column: pos.col, field: '' };
  };
  if (doc.contents === null) {
    return [{ ...at(doc.contents), message: 'the file is empty', fix: 'write the fields the schema in config/schema asks for, one per line as `field: value`' }];
  }
  if (!isMap(doc.contents)) {
    const found = isSeq(doc.contents) ? 'a list' : 'a single value';
    return [{ ...at(doc.contents), message: `the top level is ${found}, not a mapping of fields`, fix: 'write the fields the schema in config/schema asks for, one per line as `field: value`' }];
  }
  const problems: ConfigProblem[] = [];
  const aliases: Alias[] = [];
  let tooDeep: Node | undefined;
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (isAlias(node)) aliases.push(node);
    else if (isMap(node) || isSeq(node)) {
      if (depth > MAX_YAML_DEPTH) {
        tooDeep ??= node;
        continue;
      }
      for (const item of node.items) {
        if (isPair(item)) stack.push([item.value, depth + 1], [item.key, depth + 1]);
        else stack.push([item, depth + 1]);
      }
    }
  }
  if (aliases.length) {
    const first = aliases.reduce((a, b) => ((a.range?.[0] ?? 0) <= (b.range?.[0] ?? 0) ? a : b));
    const count = aliases.length === 1 ? '' : ` (${aliases.length} aliases in this file)`;
    problems.push({
      ...at(first),
      message: `YAML alias *${first.source} is not allowed in config files${count}`,
      fix: 'write the value out where it is used, and remove the anchor (&name) and every alias (*name)',
    });
  }
  if (tooDeep) {
    problems.push({ ...at(tooDeep), message: `the document nests deeper than ${MAX_YAML_DEPTH} levels`, fix: 'config files are a few levels deep; see config/schema for their shape' });
  }
  return problems;
}

/** The `yaml` parser reports a stack overflow as a syntax error; it means the document nests too deeply. */
export function isNestingOverflow(message: string): boolean {
  return message.includes('Maximum call stack size exceeded');
}
