import { Command, CommanderError } from 'commander';
import { isKnownError, InputError } from '../domain/errors.js';
import { ConfigError } from '../config/load.js';
import { appVersion } from '../config/version.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerBackupCommands } from './commands/backup.js';
import { CheckExit, registerCheckCommand } from './commands/check.js';
import { registerChecksCommand } from './commands/checks.js';
import { registerCommitmentCommand } from './commands/commitment.js';
import { registerExplanationCommand } from './commands/explanation.js';
import { registerImportCommand } from './commands/import.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerProgressCommand } from './commands/progress.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSnapshotCommand } from './commands/snapshot.js';
import { registerStrategyCommand } from './commands/strategy.js';
import { registerSubscriptionCommand } from './commands/subscription.js';
import { registerScanCommand } from './commands/scan.js';
import { registerTestnetCommand } from './commands/testnet.js';
import { registerUserCommand } from './commands/user.js';
import { registerWorkerCommand } from './commands/worker.js';

/** Exit statuses: 0 success, 1 the command failed (bad input, conflict), 2 usage error. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('thorbecke')
    .description('The digitalisation monitor of a federated government.')
    .version(appVersion())
    .exitOverride()
    .showHelpAfterError();
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerStrategyCommand(program);
  registerImportCommand(program);
  registerChecksCommand(program);
  registerCheckCommand(program);
  registerSnapshotCommand(program);
  registerProgressCommand(program);
  registerExplanationCommand(program);
  registerCommitmentCommand(program);
  registerScanCommand(program);
  registerWorkerCommand(program);
  registerSubscriptionCommand(program);
  registerAuditCommand(program);
  registerBackupCommands(program);
  registerTestnetCommand(program);
  registerUserCommand(program);

  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CheckExit) return error.status;
  if (error instanceof CommanderError) {
    // commander has printed the message (or help/version) already.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (isKnownError(error)) {
    process.stderr.write(`Error: ${error.message}\n`);
    if (error instanceof InputError) {
      for (const issue of error.issues) {
        process.stderr.write(`  - ${issue.location !== undefined ? `${issue.location}: ` : ''}${issue.message}\n`);
      }
    }
    return 1;
  }
  process.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
