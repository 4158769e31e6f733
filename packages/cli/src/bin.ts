#!/usr/bin/env node
import * as nodeModule from 'node:module';

// Node 22.1+ keeps the compiled code of the modules it loads in a cache directory, so the next `llmcost` run
// skips most of its compile time; `NODE_DISABLE_COMPILE_CACHE=1` turns it off. Enabled before the command's
// modules load (hence the dynamic import); Node 20 has no such cache.
// https://nodejs.org/api/module.html#moduleenablecompilecachecachedir
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

import('./main.js')
  .then(({ run }) => run(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`llmcost: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
