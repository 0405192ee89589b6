#!/usr/bin/env node
// Entry point of the `thorbecke` command: the compiled CLI (built by `npm install` / `npm run build`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
