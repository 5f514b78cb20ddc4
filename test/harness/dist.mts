// Loads compiled modules from dist/ (what ships), for unit tests of pure helpers.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

export function fromDist<T = any>(relative: string): T {
	return require(path.join(root, 'dist', relative)) as T;
}
