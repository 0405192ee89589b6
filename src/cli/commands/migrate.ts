import type { Command } from 'commander';
import { say, withStore } from '../context.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (also done on every start)')
    .action(async () => {
      await withStore(async ({ store }) => {
        // withStore has already migrated; report the state.
        const rows = await store.db
          .selectFrom('thorbecke_migration' as never)
          .select(['name' as never])
          .execute();
        say(`Database (${store.engine}, ${store.location}) is up to date: ${rows.length} migration(s) applied.`);
      });
    });
}
