import type { Command } from 'commander';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web application (and, embedded, its database)')
    .action(() => {
      throw new Error('not yet');
    });
}
