import type { Command } from 'commander';
import { InputError } from '../../domain/errors.js';
import { DEFAULT_MAP_NAME } from '../../federation/map-topology.js';
import { importMap } from '../../services/map-import.js';
import { cliActor } from '../actor.js';
import { say, withStore } from '../context.js';

interface MapOptions {
  url?: string;
  name?: string;
  by?: string;
}

async function importMapCommand(file: string | undefined, options: MapOptions): Promise<void> {
  if ((file === undefined) === (options.url === undefined)) {
    throw new InputError('Give a FILE or --url URL (one of them) with the boundaries as TopoJSON.');
  }
  const source = file ?? options.url ?? '';
  await withStore(async ({ store }) => {
    const s = await importMap(store.db, { source, name: options.name ?? DEFAULT_MAP_NAME, actor: cliActor(options.by) });
    say(`Imported map "${s.name}" from ${s.source}: ${s.municipalities} municipalities, ${s.provinces} provinces.`);
  });
}

/**
 * `thorbecke import map FILE | --url URL [--name NAME]`: the boundaries of municipalities and provinces for
 * the maps on the target pages (TopoJSON with objects gemeenten/statcode and provincies/provinciecode).
 */
export function registerMapImportCommand(importCommand: Command): void {
  importCommand
    .command('map')
    .description('import the boundaries of municipalities and provinces (TopoJSON, CBS/PDOK layout) for the maps')
    .argument('[file]', 'the TopoJSON file')
    .option('--url <url>', 'download the TopoJSON file from an http(s) URL instead (at most 20 MB)')
    .option('--name <name>', `the name of the map (default: ${DEFAULT_MAP_NAME})`)
    .option('--by <name>', 'who imports (default: cli:<your user name>)')
    .action(importMapCommand);
}
