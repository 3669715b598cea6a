import * as fs from 'fs';
import * as path from 'path';

/** The toolkit version, from the package.json above this file (in the sources and in dist/ alike). */
export const TOOL_VERSION: string = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'govcloud-tenants' && pkg.version) return pkg.version;
    }
  }
  return '0.0.0';
})();
