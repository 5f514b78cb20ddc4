// What `npm publish` would ship: the file list of `npm pack --dry-run --json`, the n8n entry
// points, icons, codex files and documentation links.
// Needs a built dist/ (`npm test` builds first). Run alone: npm run build && node --import tsx --test test/publish/pack.test.mts

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

type Json = Record<string, any>;
const pkg: Json = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

let packed: Set<string>;

function packFiles(): string[] {
	// stdout only: npm prints config warnings on stderr.
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [entry] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
	return entry.files.map((f) => f.path);
}

/** Loads a built node or credential class and returns an instance. */
function load(distFile: string): Json {
	const mod = require(join(ROOT, distFile)) as Json;
	const exported = Object.values(mod).filter((v) => typeof v === 'function');
	assert.equal(exported.length, 1, `${distFile} exports exactly one class`);
	return new (exported[0] as new () => Json)();
}

/** `file:` icon paths of a node description or credential, as package-relative paths. */
function iconPaths(distFile: string, icon: unknown): string[] {
	assert.ok(icon, `${distFile} has an icon`);
	const refs = typeof icon === 'string' ? [icon] : Object.values(icon as Json);
	return refs.map((ref) => {
		assert.equal(typeof ref, 'string');
		assert.match(ref as string, /^file:/, `${distFile}: icon ${String(ref)} is a file: path`);
		return posix.normalize(posix.join(posix.dirname(distFile), (ref as string).slice(5)));
	});
}

before(() => {
	assert.ok(
		existsSync(join(ROOT, pkg.n8n.nodes[0])),
		'dist/ is not built: run `npm run build` first (npm test does)',
	);
	packed = new Set(packFiles());
});

describe('npm pack contents', () => {
	it('holds only dist/**, README.md, LICENSE and package.json', () => {
		const outside = [...packed].filter(
			(p) => !p.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(p),
		);
		assert.deepEqual(outside, []);
		for (const required of ['README.md', 'LICENSE', 'package.json']) {
			assert.ok(packed.has(required), `${required} is packed`);
		}
	});

	it('ships only compiled code, declarations, source maps, codex JSON and SVG icons', () => {
		const allowed = /\.(js|js\.map|d\.ts|node\.json|svg)$/;
		const odd = [...packed].filter((p) => p.startsWith('dist/') && !allowed.test(p));
		assert.deepEqual(odd, [], 'no .ts sources, .mts, .tsbuildinfo, screenshots or stray JSON');
	});

	it('ships no tests, simulator, scripts, screenshots or build state', () => {
		const forbidden = [
			/(^|\/)(test|tests|__tests__|sandbox|scripts|bench|e2e|\.github|\.ci)\//,
			/\.(test|spec)\./,
			/\.(mts|mjs|cts|tsbuildinfo|png|jpe?g|gif|webp|tgz)$/,
			/(^|\/)\.(npmrc|env|gitignore)$/,
			/^dist\/package\.json$/,
			/(^|\/)package-lock\.json$/,
		];
		const hits = [...packed].filter((p) => forbidden.some((re) => re.test(p)));
		assert.deepEqual(hits, []);
	});

	it('ships every source file under nodes/ and credentials/ as compiled .js', () => {
		// Guards against a files/ignore rule that drops part of dist (a node would fail to load).
		const missing = execFileSync('git', ['ls-files', 'nodes', 'credentials'], {
			cwd: ROOT,
			encoding: 'utf8',
		})
			.split('\n')
			.filter((f) => f.endsWith('.ts') || f.endsWith('.json'))
			.map((f) => `dist/${f.replace(/\.ts$/, '.js')}`)
			.filter((f) => !packed.has(f));
		assert.deepEqual(missing, []);
	});
});

describe('n8n entry points', () => {
	it('declares strict community-package metadata', () => {
		assert.ok(pkg.keywords.includes('n8n-community-node-package'));
		assert.match(pkg.name, /^(@[a-z0-9-]+\/)?n8n-nodes-/);
		assert.equal(pkg.n8n.n8nNodesApiVersion, 1);
		assert.equal(pkg.n8n.strict, true);
		assert.deepEqual(pkg.dependencies ?? {}, {}, 'no runtime dependencies');
		assert.deepEqual(Object.keys(pkg.peerDependencies ?? {}), ['n8n-workflow']);
	});

	it('packs every file listed in n8n.nodes and n8n.credentials', () => {
		assert.equal(pkg.n8n.nodes.length, 4);
		// CBC: API key, CSP OAuth app, CSP API token; Cisco: one
		assert.equal(pkg.n8n.credentials.length, 4);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			assert.ok(packed.has(file), `${file} is packed`);
		}
	});

	it('packs every icon that nodes and credentials reference', () => {
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			const instance = load(file);
			const icon = instance.description ? instance.description.icon : instance.icon;
			for (const iconPath of iconPaths(file, icon)) {
				assert.ok(packed.has(iconPath), `${file}: icon ${iconPath} is packed`);
				assert.match(readFileSync(join(ROOT, iconPath), 'utf8'), /<svg[\s>]/);
			}
		}
	});

	it('gives every node a codex file with categories and documentation resources', () => {
		for (const file of pkg.n8n.nodes as string[]) {
			const codexPath = file.replace(/\.js$/, '.json');
			assert.ok(packed.has(codexPath), `${codexPath} is packed`);
			const codex = JSON.parse(readFileSync(join(ROOT, codexPath), 'utf8')) as Json;
			const description = load(file).description as Json;
			assert.equal(codex.node, `${pkg.name}.${description.name}`, `${codexPath}: node id`);
			assert.equal(codex.nodeVersion, '1.0');
			assert.equal(codex.codexVersion, '1.0');
			assert.ok(Array.isArray(codex.categories) && codex.categories.length > 0, 'categories');
			for (const kind of ['primaryDocumentation', 'credentialDocumentation']) {
				const links = codex.resources?.[kind] as Array<{ url: string }> | undefined;
				assert.ok(links && links.length > 0, `${codexPath}: resources.${kind}`);
				for (const { url } of links) assert.match(url, /^https:\/\/[^\s]+$/);
			}
		}
	});

	it('gives every credential an https documentationUrl', () => {
		for (const file of pkg.n8n.credentials as string[]) {
			const credential = load(file);
			assert.match(String(credential.documentationUrl), /^https:\/\/[^\s]+$/, file);
		}
	});
});
