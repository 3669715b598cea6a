/**
 * The text the compile cache (compile-cache.ts) compiles a CommonJS module from, and, for a module it holds, the
 * module's file read by the cache itself instead of by Node.
 *
 * Node reads a module into a growing native buffer, copies it into a string, and the cache's module wrapper
 * copies it once more when V8 flattens it. On this virtual machine each fresh 4 KB page of memory costs a page
 * fault of 14 to 18 µs, and a one-tenant synth loads 4.6 MB of modules. Read here, a module's bytes go into one
 * buffer reused for every module, the wrapper is written around them in place, and one string is made of the
 * result, without the inline source map most of cdktf's files end with (2.4 of the 4.6 MB).
 */
import * as fs from 'fs';
import * as path from 'path';
import { hashOf, type Scratch } from './cache-files';

/** How an inline source map starts: a comment holding the whole map as a data URL. */
const INLINE_SOURCE_MAP = '//# sourceMappingURL=data:';

/**
 * `content` without the inline source map on its last line, if it ends with one: the text the compile cache
 * compiles, hashes and keeps code for. Nothing reads the map unless source maps are on or a debugger is attached,
 * and then Node compiles every module itself (compile-cache.ts, `sourceMapsWanted`). Only a comment is left out,
 * after the last line of code, so every line and column stays where it was.
 */
export function withoutInlineSourceMap(content: string): string {
  const at = content.lastIndexOf(INLINE_SOURCE_MAP);
  if (at < 0 || (at > 0 && content[at - 1] !== '\n')) return content;
  for (let i = content.indexOf('\n', at); i >= 0 && i < content.length; i++) {
    if (!/\s/.test(content[i])) return content;
  }
  return content.slice(0, at);
}

/** ASCII white space: what may follow an inline source map's line in {@link codeLength}. */
const ASCII_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]);

/**
 * How many of `bytes` (a module's file) come before the inline source map on their last line, as
 * {@link withoutInlineSourceMap} finds it in the text; all of them when there is none. Where the two could
 * disagree (white space outside ASCII after the map), this keeps the map, the hash then differs from the
 * cache's, and Node reads the module.
 */
function codeLength(bytes: Buffer): number {
  const at = bytes.lastIndexOf(INLINE_SOURCE_MAP, undefined, 'latin1');
  if (at < 0 || (at > 0 && bytes[at - 1] !== 0x0a)) return bytes.length;
  const newline = bytes.indexOf(0x0a, at);
  for (let i = newline; i >= 0 && i < bytes.length; i++) {
    if (!ASCII_SPACE.has(bytes[i])) return bytes.length;
  }
  return at;
}

/**
 * The module in `filename` wrapped as `wrapper` says (Node's `Module.wrapper`), without its inline source map:
 * the string the cache's compile would make of the text Node reads, when that text hashes to `sha256`. Undefined,
 * so that Node reads the module as usual, when the file cannot be read, starts with `#!` or a byte order mark, or
 * hashes to anything else (changed since, or not valid UTF-8).
 */
export function wrappedModule(filename: string, sha256: string, wrapper: readonly [string, string], scratch: Scratch): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(filename, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const [head, tail] = wrapper.map((part) => Buffer.byteLength(part, 'utf8'));
    const buffer = scratch.take(head + size + tail);
    buffer.write(wrapper[0], 0, 'utf8');
    let read = 0;
    for (let n = -1; read < size && n !== 0; read += n) n = fs.readSync(fd, buffer, head + read, size - read, read);
    if (read !== size) return undefined;
    const bytes = buffer.subarray(head, head + size);
    if ((bytes[0] === 0x23 && bytes[1] === 0x21) || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return undefined;
    const code = codeLength(bytes);
    if (hashOf(bytes.subarray(0, code)) !== sha256) return undefined;
    buffer.write(wrapper[1], head + code, 'utf8');
    return buffer.toString('utf8', 0, head + code + tail);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether Node loads the `.js` file `filename` as CommonJS, as its loader decides it (Node 20's
 * `readPackageScope`): the `type` of the nearest `package.json` above it, looking no higher than a `node_modules`
 * folder, is not `module`. A `package.json` that cannot be read or parsed answers no, and Node then reads the
 * module and reports what it finds. `scopes` keeps each folder's answer for the rest of the process.
 */
export function inCommonJsScope(filename: string, scopes: Map<string, boolean>): boolean {
  const asked: string[] = [];
  let answer: boolean | undefined;
  for (let dir = path.dirname(filename); answer === undefined; ) {
    answer = scopes.get(dir);
    if (answer !== undefined) break;
    asked.push(dir);
    if (dir.endsWith(`${path.sep}node_modules`)) answer = true;
    else answer = packageType(path.join(dir, 'package.json'));
    const parent = path.dirname(dir);
    if (answer === undefined && parent === dir) answer = true;
    dir = parent;
  }
  for (const dir of asked) scopes.set(dir, answer);
  return answer;
}

/** For a `package.json`: whether its `type` makes `.js` CommonJS; undefined when there is no such file. */
function packageType(file: string): boolean | undefined {
  let text: string;
  try {
    // Most folders have none: asked without an error thrown, which costs more than the question.
    if (!fs.statSync(file, { throwIfNoEntry: false })) return undefined;
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR' ? undefined : false;
  }
  try {
    const type = (JSON.parse(text) as { type?: unknown } | null)?.type;
    return type !== 'module';
  } catch {
    return false;
  }
}
