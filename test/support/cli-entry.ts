// Runs the CLI from source (for tests that start real processes): node --import tsx test/support/cli-entry.ts ...
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
