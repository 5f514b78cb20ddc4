// `npm run test:e2e [-- --grep <pattern>] [-- --update-screenshots]`
//
// 1. ensures the pinned n8n runtime (scripts/ensure-n8n.sh, cached outside the repo),
// 2. builds dist/ if it is missing or older than nodes/, credentials/, icons/ or package.json,
// 3. re-runs itself under the runtime's Node 24 and runs test/e2e/*.e2e.mts with node:test,
//    printing a spec report and a final `N passed, N failed` line (exit 1 on any failure).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { distState, E2E_DIR, ENSURE_SCRIPT, NODE24, REPO_ROOT } from './lib/paths.mts';

const args = process.argv.slice(2);
const grepIndex = args.indexOf('--grep');
const grep = grepIndex >= 0 ? args[grepIndex + 1] : undefined;
if (args.includes('--update-screenshots')) process.env.E2E_UPDATE_SCREENSHOTS = '1';

const major = Number(process.versions.node.split('.')[0]);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

if (process.env.THREAT_ALERTS_E2E_CHILD !== '1') {
	console.log('== e2e: ensuring the pinned n8n runtime');
	const ensure = spawnSync('bash', [ENSURE_SCRIPT], {
		stdio: ['ignore', 'inherit', 'inherit'],
		cwd: REPO_ROOT,
	});
	if (ensure.status !== 0) {
		console.error('ensure-n8n.sh failed');
		console.log('0 passed, 1 failed');
		process.exit(1);
	}
	console.log(`   runtime ready (${elapsed()})`);
	const stale = distState();
	if (stale) {
		console.log(`== e2e: ${stale}, running npm run build`);
		const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: REPO_ROOT });
		if (build.status !== 0) {
			console.error('== e2e: npm run build failed; not running the e2e suite');
			console.log('0 passed, 1 failed');
			process.exit(1);
		}
	}
	if (major < 24 || process.execPath !== NODE24) {
		const child = spawn(NODE24, ['--import', 'tsx', join(E2E_DIR, 'run.mts'), ...args], {
			stdio: 'inherit',
			cwd: REPO_ROOT,
			env: { ...process.env, THREAT_ALERTS_E2E_CHILD: '1', NODE_OPTIONS: '' },
		});
		for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
		child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
	} else {
		process.env.THREAT_ALERTS_E2E_CHILD = '1';
		await runSuite();
	}
} else {
	await runSuite();
}


async function runSuite(): Promise<void> {
	const files = readdirSync(E2E_DIR)
		.filter((f) => f.endsWith('.e2e.mts'))
		.sort()
		.map((f) => join(E2E_DIR, f));
	console.log(
		`== e2e: node ${process.version}, ${files.length} file(s)${grep ? `, --grep ${grep}` : ''}`,
	);
	let passed = 0;
	let failed = 0;
	let skipped = 0;
	let todo = 0;
	const failures: string[] = [];
	const stream = run({
		files,
		concurrency: 1,
		timeout: 20 * 60_000,
		...(grep ? { testNamePatterns: [grep] } : {}),
	});
	// leaf failures seen below each nesting level, so a suite that failed only because of its
	// tests is not counted again (a suite counts when its own hook failed)
	const failsBelow: number[] = [];
	const isFileWrapper = (name: string) => name.endsWith('.e2e.mts');
	stream.on('test:pass', (data) => {
		failsBelow[data.nesting + 1] = 0;
		if (data.details.type === 'suite' || isFileWrapper(data.name)) return;
		if (data.skip) skipped++;
		else if (data.todo) todo++;
		else passed++;
	});
	stream.on('test:fail', (data) => {
		if (data.todo) {
			todo++;
			return;
		}
		const childFailures = failsBelow[data.nesting + 1] ?? 0;
		failsBelow[data.nesting + 1] = 0;
		if ((data.details.type === 'suite' || isFileWrapper(data.name)) && childFailures > 0) return;
		for (let d = 0; d <= data.nesting; d++) failsBelow[d] = (failsBelow[d] ?? 0) + 1;
		failed++;
		failures.push(data.name);
	});
	const reporter = stream.compose(new spec());
	reporter.pipe(process.stdout);
	await new Promise<void>((res) => reporter.on('end', () => res()));
	console.log(`\n== e2e finished in ${elapsed()}`);
	if (skipped || todo) console.log(`${skipped} skipped, ${todo} todo`);
	if (failures.length) console.log(`failed: ${failures.join('; ')}`);
	console.log(`${passed} passed, ${failed} failed`);
	// In CI a full run must not pass by skipping: every test has to run (a missing browser or a
	// node type that did not build would otherwise go unnoticed).
	const skippedInCi = !!process.env.CI && !grep && skipped + todo > 0;
	if (skippedInCi) console.log('CI: a full e2e run may not skip tests');
	process.exitCode = failed > 0 || passed === 0 || skippedInCi ? 1 : 0;
}
