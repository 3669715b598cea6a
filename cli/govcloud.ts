#!/usr/bin/env node
/**
 * The `govcloud` command. Thin on purpose: it parses arguments, calls the library and prints. Each command is
 * declared in its own file under `commands/`, with its options and its action, and registered in `program.ts`;
 * actions load the library only when they run, so `govcloud --help` loads no provider binding and no rule
 * catalogue.
 *
 * The compile cache (compile-cache.ts) is switched on before anything else is loaded, so that it covers every
 * module the command loads.
 */
import { enableCompileCache } from './compile-cache';

enableCompileCache();
// Loaded after the line above on purpose: an import would be hoisted above it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
void (require('./program') as typeof import('./program')).runCli(process.argv);
