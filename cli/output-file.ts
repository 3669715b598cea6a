import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../loader/usage-error';

/**
 * Writes a command's report to the file its `option` (`--output`, `--out`) names: whole or not at all (a
 * temporary file beside it, renamed over it), creating missing parent folders. A path that is a folder or any
 * other non-regular file, or whose parent cannot be a folder, is bad arguments ({@link UsageError}, exit 2).
 */
export function writeOutputFile(option: string, file: string, text: string): void {
  const refuse = (message: string): never => {
    throw new UsageError([{ file, field: option, message, fix: `name a file to write, e.g. ${option} report.txt` }]);
  };
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) refuse('is a folder');
  if (stat && !stat.isFile()) refuse('exists and is not a regular file');
  const dir = path.dirname(path.resolve(file));
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    refuse(`its folder ${dir} cannot be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    refuse(`cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
