// `npm run test:compat`: checks the package against n8n 1.x (n8n-core 1.122.48 / n8n-workflow
// 1.120.31, the engine of n8n@1.123.x) in addition to the 2.x devDependencies.
//   1. installs the pinned 1.x libraries (scripts/compat/package-lock.json) into a cache folder
//      (scripts/ensure-locked.sh; N8N_COMPAT_DIR overrides the folder);
//   2. type-checks nodes/ and credentials/ against the 1.x n8n-workflow (and luxon) types;
//   3. checks that the engine harness and our built dist/ nodes load the 1.x libraries;
//   4. runs the unit/engine tests (the `npm run test:unit` set) with `n8n-core`, `n8n-workflow`
//      and `luxon` resolved from the 1.x install (see resolve-1x.mjs).
// Needs a built dist/ (the npm script builds first). Extra arguments replace the test file list.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPECTED: Record<string, string> = { 'n8n-core': '1.122.48', 'n8n-workflow': '1.120.31', luxon: '3.4.4' };
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const started = Date.now();
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const step = (title: string) => console.log(`\n---- ${title}`);

function fail(message: string): never {
	console.error(`test:compat FAILED: ${message}`);
	process.exit(1);
}

// 1. the 1.x libraries
step('n8n 1.x libraries (scripts/ensure-locked.sh scripts/compat)');
let t = Date.now();
const wantDir =
	process.env.N8N_COMPAT_DIR ?? path.join(homedir(), '.cache/n8n-nodes-threat-alerts/compat-1.x');
const ensureOut = execFileSync(
	'bash',
	[path.join(root, 'scripts/ensure-locked.sh'), path.join(here), wantDir],
	{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
const compatDir = ensureOut.trim().split('\n').at(-1)?.trim();
if (!compatDir) fail('ensure-locked.sh did not print the install folder');
const compatModules = path.join(compatDir, 'node_modules');
console.log(`${compatDir} (${elapsed(t)})`);

// 2. type-check the shipped sources against the 1.x type definitions
step('tsc --noEmit: nodes/ and credentials/ against n8n-workflow 1.x types');
t = Date.now();
const tmp = mkdtempSync(path.join(tmpdir(), 'n8n-compat-tsc-'));
const tsconfig = path.join(tmp, 'tsconfig.json');
writeFileSync(
	tsconfig,
	JSON.stringify(
		{
			extends: path.join(root, 'tsconfig.json'),
			compilerOptions: {
				noEmit: true,
				incremental: false,
				declaration: false,
				baseUrl: root,
				typeRoots: [path.join(root, 'node_modules/@types')],
				types: ['node'],
				paths: {
					'n8n-workflow': [path.join(compatModules, 'n8n-workflow')],
					luxon: [path.join(compatModules, '@types/luxon')],
				},
			},
			include: ['credentials/**/*', 'nodes/**/*', 'nodes/**/*.json', 'package.json'].map((p) => path.join(root, p)),
		},
		null,
		2,
	),
);
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig, '--listFiles'], {
	encoding: 'utf8',
});
rmSync(tmp, { recursive: true, force: true });
const listed = tsc.stdout.split('\n').filter((line) => line.startsWith('/'));
const diagnostics = tsc.stdout.split('\n').filter((line) => line && !line.startsWith('/'));
if (tsc.status !== 0) {
	console.error(diagnostics.join('\n'), tsc.stderr);
	fail(`tsc reported type errors against n8n-workflow ${EXPECTED['n8n-workflow']}`);
}
const realCompat = realpathSync(compatModules);
const repoWorkflow = realpathSync(path.join(root, 'node_modules/n8n-workflow'));
const fromCompat = listed.filter((f) => f.startsWith(`${realCompat}/n8n-workflow/`));
const leaked = listed.filter((f) => f.startsWith(`${repoWorkflow}/`) || (/\/node_modules\/(@types\/)?luxon\//.test(f) && !f.startsWith(realCompat)));
if (!fromCompat.length) fail('tsc did not read any n8n-workflow 1.x declaration file');
if (leaked.length) fail(`tsc read 2.x declaration files: ${leaked.slice(0, 3).join(', ')}`);
const ours = listed.filter((f) => !f.includes('/node_modules/') && f.startsWith(root));
console.log(
	`ok: ${ours.length} source files type-checked; ${fromCompat.length} n8n-workflow declaration files from ${realCompat}/n8n-workflow (${elapsed(t)})`,
);

// 3 + 4. tests with module resolution redirected to the 1.x libraries
const env = { ...process.env, N8N_COMPAT_DIR: compatDir };
const nodeArgs = ['--import', path.join(here, 'resolve-1x.mjs'), '--import', 'tsx'];

step('loaded libraries (engine harness + dist/ nodes)');
t = Date.now();
const probe = spawnSync(process.execPath, [...nodeArgs, path.join(here, 'probe.mts')], {
	cwd: root,
	env,
	encoding: 'utf8',
});
process.stdout.write(probe.stdout);
if (probe.status !== 0) {
	process.stderr.write(probe.stderr);
	fail('the engine harness did not load under n8n 1.x');
}
const loaded: Record<string, string[]> = JSON.parse(/^LOADED (.*)$/m.exec(probe.stdout)?.[1] ?? '{}');
for (const [name, version] of Object.entries(EXPECTED)) {
	const versions = loaded[name] ?? [];
	if (versions.length !== 1 || versions[0] !== version) {
		fail(`expected only ${name} ${version} to be loaded, got ${JSON.stringify(versions)}`);
	}
}
console.log(`ok (${elapsed(t)})`);

step('tests (npm run test:unit set) on n8n-core 1.122.48 / n8n-workflow 1.120.31');
t = Date.now();
function findTests(dir: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir)) {
		const full = path.join(dir, entry);
		if (statSync(full).isDirectory()) {
			if (entry !== 'e2e') out.push(...findTests(full));
		} else if (entry.endsWith('.test.mts')) out.push(path.relative(root, full));
	}
	return out;
}
const files = process.argv.slice(2).length ? process.argv.slice(2) : findTests(path.join(root, 'test')).sort();
const tests = spawnSync(process.execPath, [...nodeArgs, '--test', '--test-concurrency=1', ...files], {
	cwd: root,
	env: { ...env, N8N_COMPAT: '1' },
	stdio: 'inherit',
});
console.log(`\n${files.length} test files on n8n 1.x in ${elapsed(t)}; test:compat total ${elapsed(started)}`);
if (tests.status !== 0) fail(`tests failed on n8n 1.x (exit ${tests.status})`);
console.log('test:compat passed');
