#!/usr/bin/env node
/**
 * The `govcloud` command. Thin on purpose: it parses arguments, calls the library and prints. Each command is
 * declared in its own file under `commands/`, with its options and its action, and registered in `program.ts`;
 * actions load the library only when they run, so `govcloud --help` loads no provider binding and no rule
 * catalogue.
 */
import { runCli } from './program';

void runCli(process.argv);
