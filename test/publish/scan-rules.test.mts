// The checks of @n8n/scan-community-package (the gate for verified community nodes), run offline
// against our source and the tarball `npm pack` builds.
//
// The scanner's CLI (`npx @n8n/scan-community-package <name>`) only works on a published version:
// it reads the registry, checks npm provenance, downloads the attested GitHub source and the
// tarball, then lints them with `analyzePackage` (scanner/scanner.mjs, 0.32.0):
//   - source leg: analyzePackage(source, ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'])
//   - tarball leg: analyzePackage(tarball, ['**/*.js', 'package.json'])
// `analyzePackage` is exported and needs no network, so this test runs both lint legs here.
// Provenance cannot be checked before publishing: publish from GitHub Actions with
// `npm publish --provenance` from the public repository.
//
// Scanner resolution: the folder in N8N_SCAN_PACKAGE_DIR, else the install that
// `scripts/ensure-locked.sh scripts/scanner ~/.cache/n8n-nodes-threat-alerts/scanner` makes (.ci/run
// does this before `npm test`), else the project's node_modules. Without any of them the same lint
// legs run with a copy of the scanner's config (`buildScanConfig` in scanner.mjs 0.32.0) built
// from the project's own eslint plugins; under CI=true the real scanner is required.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ESLint } from 'eslint';
import glob from 'fast-glob';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(ROOT, 'package.json'));

const SOURCE_FILE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const CACHED_SCANNER = join(
	homedir(),
	'.cache/n8n-nodes-threat-alerts/scanner/node_modules/@n8n/scan-community-package',
);

type Result = { passed: boolean; message?: string; details?: string };
type Analyze = (dir: string, patterns: string[]) => Promise<Result>;

function findScanner(): string | null {
	const fromEnv = process.env.N8N_SCAN_PACKAGE_DIR;
	if (fromEnv) {
		const file = join(fromEnv, 'scanner/scanner.mjs');
		assert.ok(existsSync(file), `N8N_SCAN_PACKAGE_DIR has no scanner/scanner.mjs: ${fromEnv}`);
		return file;
	}
	const cached = join(CACHED_SCANNER, 'scanner/scanner.mjs');
	if (existsSync(cached)) return cached;
	try {
		return require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	} catch {
		return null;
	}
}

/** Copy of buildScanConfig() from @n8n/scan-community-package 0.32.0 scanner/scanner.mjs. */
async function replicaConfig() {
	const { n8nCommunityNodesPlugin } = require('@n8n/eslint-plugin-community-nodes');
	const n8nNodesPlugin = require('eslint-plugin-n8n-nodes-base');
	// typescript-eslint comes with @n8n/node-cli (the strict linter).
	const cliRequire = createRequire(join(ROOT, 'node_modules/@n8n/node-cli/package.json'));
	const { parser } = cliRequire('typescript-eslint');
	return [
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
		{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesPlugin.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser } },
		{ files: ['**/*.ts'], languageOptions: { parser } },
	];
}

/** Same steps as analyzePackage() in scanner.mjs 0.32.0, with the replica config. */
async function replicaAnalyze(dir: string, patterns: string[]): Promise<Result> {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await replicaConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	if (files.length === 0) return { passed: true, message: 'No files found to analyze' };
	const results = await eslint.lintFiles(files);
	if (results.some((r) => r.errorCount > 0)) {
		const formatter = await eslint.loadFormatter('stylish');
		return {
			passed: false,
			message: 'ESLint violations found',
			details: await formatter.format(results),
		};
	}
	return { passed: true };
}

let analyze: Analyze;
let mode: string;
let work: string;
let tarballDir: string;

before(async () => {
	const scanner = findScanner();
	if (scanner) {
		const mod = (await import(pathToFileURL(scanner).href)) as {
			analyzePackage: Analyze;
			SOURCE_FILE_PATTERNS: string[];
		};
		assert.deepEqual(mod.SOURCE_FILE_PATTERNS, SOURCE_FILE_PATTERNS, 'scanner source patterns');
		analyze = mod.analyzePackage;
		mode = `@n8n/scan-community-package (${scanner})`;
	} else {
		assert.ok(
			!process.env.CI,
			'CI needs the real scanner: bash scripts/ensure-locked.sh scripts/scanner ~/.cache/n8n-nodes-threat-alerts/scanner',
		);
		analyze = replicaAnalyze;
		mode = 'replica of the scanner config (scanner package not installed)';
	}

	assert.ok(existsSync(join(ROOT, 'dist')), 'dist/ is not built: run `npm run build` first');
	work = mkdtempSync(join(tmpdir(), 'scan-pack-'));
	execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
	assert.ok(tarball, 'npm pack wrote a tarball');
	tarballDir = join(work, 'package');
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
});

after(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

describe('@n8n/scan-community-package rules', () => {
	it('source leg: package.json, nodes/ and credentials/ pass', async (t) => {
		t.diagnostic(mode);
		const result = await analyze(ROOT, SOURCE_FILE_PATTERNS);
		assert.equal(result.message, undefined, result.message);
		assert.ok(result.passed, result.details ?? result.message);
	});

	it('tarball leg: the packed .js files and package.json pass', async (t) => {
		t.diagnostic(mode);
		const result = await analyze(tarballDir, TARBALL_FILE_PATTERNS);
		assert.equal(result.message, undefined, result.message);
		assert.ok(result.passed, result.details ?? result.message);
	});

	it('rejects what the scanner rejects (console use in shipped code)', async () => {
		// The gate must not pass vacuously: the same check on a file with console.log fails.
		const probe = mkdtempSync(join(tmpdir(), 'scan-probe-'));
		try {
			execFileSync('cp', ['-r', `${tarballDir}/.`, probe]);
			// On a line of its own: compiled files end in a sourceMappingURL comment without a newline.
			appendFileSync(
				join(probe, 'dist/nodes/CarbonBlackCloud/CarbonBlackCloud.node.js'),
				'\nconsole.log(1);\n',
			);
			const result = await analyze(probe, TARBALL_FILE_PATTERNS);
			assert.equal(result.passed, false);
			assert.match(result.details ?? '', /no-console/);
		} finally {
			rmSync(probe, { recursive: true, force: true });
		}
	});
});
