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
const { NodeHelpers, Workflow } = require('n8n-workflow');
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

// Every alert and threat picker offers From List, By ID and By URL (in that order, like TheHive 5),
// in the node versions where it applies. Exceptions: Legacy Alert (v6) has no list (the list reads
// Alerts API v7), and the CBC Threat ID is plain text before node version 1.2.
describe('Alert and threat pickers', () => {
	const action = (name: string) => {
		const entry = nodes.find(({ description }) => description.name === name)!;
		return { description: entry.description, instance: load(entry.file) };
	};
	/** The definitions of `name` shown for each resource › operation at each node version. */
	function shown(description: Json, name: string) {
		const out: Array<{ resource: string; operation: string; version: number; property: Json }> = [];
		const versions = ([] as number[]).concat(description.version);
		const operations = (description.properties as Json[]).filter((p) => p.name === 'operation' && p.type === 'options');
		for (const version of versions) {
			for (const operationProperty of operations) {
				for (const resource of operationProperty.displayOptions.show.resource as string[]) {
					for (const option of operationProperty.options as Json[]) {
						const values: Json = { resource, operation: option.value, target: 'alertIds', authentication: 'apiKey' };
						const node = { id: 'n', name: 'N', type: description.name, typeVersion: version, position: [0, 0], parameters: values };
						for (const property of description.properties as Json[]) {
							if (property.name === name && NodeHelpers.displayParameter(values, property, node, description)) {
								out.push({ resource, operation: String(option.value), version, property });
							}
						}
					}
				}
			}
		}
		return out;
	}
	const modes = (property: Json) => (property.modes as Json[]).map((m) => m.name);

	for (const name of ['carbonBlackCloud', 'ciscoGlobalThreatAlerts']) {
		it(`${name}: every Alert picker offers From List, By ID and By URL (Legacy Alert: By ID, By URL)`, () => {
			const { description, instance } = action(name);
			const found = shown(description, 'alertId');
			assert.ok(found.length >= 3, 'alert operations found');
			for (const { resource, operation, version, property } of found) {
				const where = `${resource} › ${operation} @${version}`;
				assert.equal(property.type, 'resourceLocator', where);
				assert.equal(property.required, true, where);
				if (resource === 'legacyAlert') {
					assert.deepEqual(modes(property), ['id', 'url'], where);
					continue;
				}
				assert.deepEqual(modes(property), ['list', 'id', 'url'], where);
				assert.deepEqual(property.default, { mode: 'list', value: '' }, where);
				const list = property.modes[0];
				assert.equal(list.typeOptions.searchable, true, where);
				assert.equal(typeof instance.methods?.listSearch?.[list.typeOptions.searchListMethod], 'function', `${where}: ${list.typeOptions.searchListMethod}`);
				assert.deepEqual(property.modes.map((m: Json) => m.displayName), ['From List', 'By ID', 'By URL'], where);
			}
		});
	}

	it('carbonBlackCloud: Threat is a picker (From List, By ID, By URL) from node version 1.2, plain text before', () => {
		const { description, instance } = action('carbonBlackCloud');
		const found = shown(description, 'threatId');
		const operations = new Set(found.map((f) => `${f.resource} › ${f.operation}`));
		assert.deepEqual([...operations].sort(), [
			'threat › getHistory',
			'threatNote › create',
			'threatNote › deleteNote',
			'threatNote › getAll',
			'threatTag › add',
			'threatTag › getAll',
			'threatTag › remove',
		]);
		for (const key of operations) {
			for (const version of [1, 1.1, 1.2]) {
				const at = found.filter((f) => `${f.resource} › ${f.operation}` === key && f.version === version);
				assert.equal(at.length, 1, `${key} @${version}: one Threat ID definition`);
				const { property } = at[0];
				if (version < 1.2) {
					assert.equal(property.type, 'string', `${key} @${version}`);
					continue;
				}
				assert.equal(property.type, 'resourceLocator', `${key} @${version}`);
				assert.deepEqual(modes(property), ['list', 'id', 'url'], key);
				const method = property.modes[0].typeOptions.searchListMethod;
				assert.equal(typeof instance.methods.listSearch[method], 'function', method);
			}
		}
	});

	it('the By URL modes accept the console links and refuse the wrong kind', () => {
		const urlMode = (name: string, resource: string, parameter: string) => {
			const found = shown(action(name).description, parameter).find((f) => f.resource === resource && f.property.type === 'resourceLocator');
			return (found!.property.modes as Json[]).find((m) => m.name === 'url')!;
		};
		const valid = (mode: Json, url: string) => new RegExp(mode.validation[0].properties.regex).test(url);
		const alertUrl = 'https://defense.conferdeploy.net/alerts?s[c][query_string]=id:52fa009d-e2d1-4118-8a8d-04f521ae66aa&orgKey=ABCD1234';
		const threatUrl = 'https://defense.conferdeploy.net/alerts?s[c][query_string]=threat_id:0569620088E6669121E38D9A64DBC24E&orgKey=ABCD1234';
		const cbcAlert = urlMode('carbonBlackCloud', 'alert', 'alertId');
		assert.ok(valid(cbcAlert, alertUrl));
		assert.ok(valid(cbcAlert, alertUrl.replace('=id:', '=id%3A')));
		assert.ok(!valid(cbcAlert, threatUrl), 'a threat URL is not an alert URL');
		const cbcThreat = urlMode('carbonBlackCloud', 'threatTag', 'threatId');
		assert.ok(valid(cbcThreat, threatUrl));
		assert.ok(!valid(cbcThreat, alertUrl));
		assert.equal(new RegExp(cbcThreat.extractValue.regex).exec(threatUrl.replace('threat_id:', 'threat_id%3A'))?.[1], '0569620088E6669121E38D9A64DBC24E');
		const cisco = urlMode('ciscoGlobalThreatAlerts', 'alert', 'alertId');
		const id = '1404846aee08468007331ad8374ce2d796697dacc70a8f7e0e82d02cfd355057';
		assert.ok(valid(cisco, `https://console.example.com/any/path/${id}?tab=1`));
		assert.ok(!valid(cisco, `https://console.example.com/${id}/${'a'.repeat(64)}`), 'two alert IDs');
		assert.ok(!valid(cisco, id), 'not a URL');
		assert.equal(new RegExp(cisco.extractValue.regex).exec(`https://x/${id}`)?.length, 2, 'extractValue has one group');
		for (const mode of [cbcAlert, cbcThreat, cisco]) assert.ok(mode.validation[0].properties.errorMessage.length > 20);
	});
});
