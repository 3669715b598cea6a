/**
 * Finds the line of an object key in JSON text, by its path of keys (`["resource", "vsphere_virtual_machine",
 * "x"]`): a scan of the text itself, since `JSON.parse` keeps no positions. Pure: text in, line out.
 */
export function jsonKeyLine(text: string, keyPath: readonly string[]): number | undefined {
  if (keyPath.length === 0) return undefined;
  return jsonKeyLines(text, keyPath.length).get(keyPathId(keyPath));
}

/** The id of a key path in the map {@link jsonKeyLines} returns. */
export function keyPathId(keyPath: readonly string[]): string {
  return JSON.stringify(keyPath);
}

/**
 * The line of every object key at most `maxDepth` levels down (keys of the root object are level 1), by
 * {@link keyPathId} of its path; the first occurrence where a key repeats. One pass over the text, for callers
 * that look up many blocks of one file.
 */
export function jsonKeyLines(text: string, maxDepth: number): Map<string, number> {
  const found = new Map<string, number>();
  // The keys naming the containers we are inside, outermost first: '' for the root, null for an array or an
  // element of one (its keys have no path here).
  const open: (string | null)[] = [];
  let pendingKey: string | undefined;
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === '"') {
      const start = line;
      let j = i + 1;
      let raw = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          raw += text.slice(j, j + 2);
          j += 2;
        } else {
          if (text[j] === '\n') line++;
          raw += text[j++];
        }
      }
      i = j + 1;
      // A string followed by `:` is a key of the innermost object.
      let k = i;
      while (k < text.length && /\s/.test(text[k])) k++;
      if (text[k] === ':') {
        const key = decode(raw);
        const parents = open.slice(1);
        if (open.length <= maxDepth && open.length > 0 && parents.every((p) => p !== null)) {
          const id = keyPathId([...(parents as string[]), key]);
          if (!found.has(id)) found.set(id, start);
        }
        pendingKey = key;
      }
    } else if (c === '{' || c === '[') {
      // A container opened as the value of a key is named by it; the root and array elements are not.
      open.push(open.length === 0 ? '' : (pendingKey ?? null));
      pendingKey = undefined;
      i++;
    } else if (c === '}' || c === ']') {
      open.pop();
      pendingKey = undefined;
      i++;
    } else {
      if (c === ',') pendingKey = undefined;
      i++;
    }
  }
  return found;
}

function decode(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * The key path of a block address in Terraform JSON: `data.T.N` -> `data/T/N`, `provider.T` -> `provider/T`,
 * `terraform.backend` -> `terraform/backend`, `T.N` -> `resource/T/N`. Undefined for an address of a plan
 * (module paths, indexes), which a configuration file does not hold as one key.
 */
export function blockKeyPath(address: string): string[] | undefined {
  const parts = address.split('.');
  if (parts.some((p) => p === '' || /[[\]]/.test(p))) return undefined;
  if (parts[0] === 'data' && parts.length === 3) return parts;
  if ((parts[0] === 'provider' || parts[0] === 'terraform') && parts.length === 2) return parts;
  if (parts[0] === 'module') return undefined;
  return parts.length === 2 ? ['resource', ...parts] : undefined;
}
