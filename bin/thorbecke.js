#!/usr/bin/env node
// Entry point of the `thorbecke` command: the compiled CLI (built by `npm install` / `npm run build`).
import { main } from '../dist/cli/main.js';

// `thorbecke checks | head`: a closed pipe ends the command quietly, as with any Unix tool.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv);
