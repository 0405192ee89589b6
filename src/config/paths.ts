import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The folder Thorbecke is installed in (holds package.json and strategy/), from src/ and from dist/. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The default strategy file shipped in the repository. */
export const defaultStrategyFile = path.join(packageRoot, 'strategy', 'nds.yaml');
