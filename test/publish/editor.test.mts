// What a person reads in the editor: one name per operation (node creator action = panel name),
// canvas subtitles that show the operation's action text, and no `<…>` placeholders anywhere
// (n8n's error toast and hints drop them as HTML: "must look like -, got …").
// Needs a built dist/ (`npm test` builds first).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(ROOT, 'test/harness/engine.mts'));
const { Workflow } = require('n8n-workflow');
type Json = Record<string, any>;
const pkg: Json = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function load(distFile: string): Json {
	const mod = require(join(ROOT, distFile)) as Json;
	const cls = Object.values(mod).find((v) => typeof v === 'function') as new () => Json;
	return new cls();
}
const nodes = (pkg.n8n.nodes as string[]).map((file) => ({ file, description: load(file).description as Json }));
const credentials = (pkg.n8n.credentials as string[]).map((file) => ({ file, credential: load(file) }));

/** Every [path, text] a person can read in a description tree. */
function texts(value: unknown, path: string, out: Array<[string, string]> = []): Array<[string, string]> {
	if (Array.isArray(value)) value.forEach((v, i) => texts(v, `${path}[${i}]`, out));
	else if (value && typeof value === 'object') {
		for (const [key, v] of Object.entries(value)) {
			if (typeof v === 'string' && ['displayName', 'description', 'hint', 'placeholder', 'action', 'name', 'errorMessage', 'notice'].includes(key)) {
				out.push([`${path}.${key}`, v]);
			} else texts(v, `${path}.${key}`, out);
		}
	}
	return out;
}

describe('Editor texts', () => {
	for (const { file, description } of nodes) {
		const operations = (description.properties as Json[]).filter((p) => p.name === 'operation' && p.type === 'options');
		if (!operations.length) continue;

		it(`${description.displayName}: every operation's action text contains its name`, () => {
			for (const property of operations) {
				for (const option of property.options as Json[]) {
					const action = String(option.action ?? '').toLowerCase();
					// n8n's lint wants sentence case, which it cannot do for "IDs": the action may say "ID"
					for (const word of String(option.name).toLowerCase().split(/\s+/)) {
						const found = action.includes(word) || (word.endsWith('s') && action.includes(word.slice(0, -1)));
						assert.ok(found, `${file}: "${option.name}" is shown as "${option.action}" in the node creator`);
					}
				}
			}
		});

		it(`${description.displayName}: the canvas subtitle is the operation's action text`, () => {
			const nodeTypes = { getByName: () => ({ description }), getByNameAndVersion: () => ({ description }), getKnownTypes: () => ({}) };
			for (const property of operations) {
				for (const resource of property.displayOptions.show.resource as string[]) {
					for (const option of property.options as Json[]) {
						const node = { id: 'n', name: 'N', type: description.name, typeVersion: 1, position: [0, 0], parameters: { resource, operation: option.value } };
						const workflow = new Workflow({ id: 'w', nodes: [node], connections: {}, active: false, nodeTypes });
						assert.equal(workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {}), option.action);
					}
				}
			}
		});
	}

	it('no text of a node or credential has a <…> placeholder', () => {
		const found: string[] = [];
		for (const { file, description } of nodes) for (const [path, text] of texts(description, file)) if (/<[^>]*>/.test(text)) found.push(`${path}: ${text}`);
		for (const { file, credential } of credentials) for (const [path, text] of texts(credential.properties, file)) if (/<[^>]*>/.test(text)) found.push(`${path}: ${text}`);
		assert.deepEqual(found, []);
	});

	it('no error message or description in the compiled nodes has a <…> placeholder', () => {
		// string literals handed to NodeOperationError / NodeApiError (message, description)
		const found: string[] = [];
		const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
		const files = execFileSync('find', [join(ROOT, 'dist'), '-name', '*.js'], { encoding: 'utf8' }).trim().split('\n');
		for (const f of files) {
			const source = readFileSync(f, 'utf8');
			for (const m of source.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)) {
				const literal = m[2];
				if (/<[a-z][a-z ]*>/i.test(literal) && /\s/.test(literal)) found.push(`${f.slice(ROOT.length + 1)}: ${literal}`);
			}
		}
		assert.deepEqual(found, []);
	});
});
