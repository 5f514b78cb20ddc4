// `npm run test:modes`: both triggers in n8n's production modes (see ./README.md).
//
// 1. ensures the pinned n8n runtime (scripts/ensure-n8n.sh, cached outside the repo),
// 2. builds dist/ if it is missing or older than nodes/, credentials/, icons/ or package.json,
// 3. re-runs itself under the runtime's Node 24 and runs ./modes.e2e.mts, which prints the
//    counts as its last lines and sets the exit code.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENSURE_SCRIPT, NODE24, REPO_ROOT, distState } from '../lib/paths.mts';

const HERE = dirname(fileURLToPath(import.meta.url));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;


if (process.env.THREAT_ALERTS_MODES_CHILD !== '1') {
	console.log('== modes: ensuring the pinned n8n runtime');
	const ensure = spawnSync('bash', [ENSURE_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'], cwd: REPO_ROOT });
	if (ensure.status !== 0) {
		console.error('ensure-n8n.sh failed');
		process.exit(1);
	}
	console.log(`   runtime ready (${elapsed()})`);
	const stale = distState();
	if (stale) {
		console.log(`== modes: ${stale}, running npm run build`);
		const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: REPO_ROOT });
		if (build.status !== 0) {
			console.error('== modes: npm run build failed');
			process.exit(1);
		}
	}
	const child = spawn(NODE24, ['--import', 'tsx', join(HERE, 'run.mts'), ...process.argv.slice(2)], {
		stdio: 'inherit',
		cwd: REPO_ROOT,
		env: { ...process.env, THREAT_ALERTS_MODES_CHILD: '1', NODE_OPTIONS: '' },
	});
	for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
	child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
} else {
	const { runModes } = (await import('./modes.e2e.mts')) as { runModes: () => Promise<boolean> };
	const ok = await runModes().catch((error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
		console.log('RESULT: FAILED (the run did not complete)');
		return false;
	});
	process.exit(ok ? 0 : 1);
}
