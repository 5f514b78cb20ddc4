// The bad-input table of bad-input.cases.mts, each case with and without Continue On Fail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { coreMajor } from '../harness/engine.mts';
import type { SandboxHandle } from '../harness/sandbox.mts';
import { sandbox } from '../harness/sandbox.mts';
import type { Fixtures } from './bad-input.cases.mts';
import { CASES, fixtures, runCase } from './bad-input.cases.mts';

describe('Bad input table', () => {
	let sb: SandboxHandle;
	let f: Fixtures;

	before(async () => {
		sb = await sandbox({ cbcAlerts: 300, ctaAlerts: 60, ctaEvents: 60, ctaFlowsPerEvent: 0 });
		f = await fixtures(sb);
	});
	after(async () => sb.close());

	it(`has at least 40 cases over both nodes and credentials`, () => {
		assert.ok(CASES.length >= 40, `${CASES.length} cases`);
		assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length, 'unique names');
		assert.ok(CASES.some((c) => c.node === 'cbc') && CASES.some((c) => c.node === 'cta'));
	});

	for (const c of CASES.map((k) => (coreMajor < 2 && k.n8n1 ? { ...k, error: { ...k.error, ...k.n8n1 } } : k))) {
		const skip = coreMajor < 2 && c.n8n1Skip ? `n8n 1.x: ${c.n8n1Skip}` : false;
		it(`${c.name}: stops with a clear ${c.error.class}`, { skip }, async () => {
			const { result, requests } = await runCase(f, c, false);
			const error = result.error;
			assert.ok(error, `expected an error, got ${result.items.length} items`);
			assert.equal(error.name, c.error.class, `${error.name}: ${error.message}`);
			assert.match(error.message, c.error.message);
			if (c.error.httpCode) assert.equal(error.httpCode, c.error.httpCode);
			if (c.error.description) assert.match(String(error.description ?? ''), c.error.description);
			assert.equal(result.items.length, 0, 'no partial output');
			assert.equal(requests.length, c.requests, `vendor requests: ${requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')}`);
		});

		it(`${c.name}: with Continue On Fail, one paired error item per failed input`, { skip }, async () => {
			const { result, inputs } = await runCase(f, c, true);
			assert.equal(result.error, undefined, result.error?.message);
			const failing = c.failing ?? inputs.map((_, i) => i);
			for (let i = 0; i < inputs.length; i++) {
				const paired = result.items.filter((item) => item.pairedItem?.item === i);
				if (failing.includes(i)) {
					assert.equal(paired.length, 1, `input ${i}: exactly one item`);
					assert.match(String(paired[0].json.error), c.error.message);
					assert.equal(paired[0].error?.name, c.error.class);
					// n8n keeps only `error` in the JSON of an item with an attached error; the error keeps the rest.
					if (c.error.httpCode) assert.equal(paired[0].error?.httpCode, c.error.httpCode);
				} else {
					assert.ok(paired.length >= 1, `input ${i} still produces output`);
					assert.ok(paired.every((item) => item.json.error === undefined), `input ${i}: ${JSON.stringify(paired[0]?.json).slice(0, 300)}`);
				}
			}
			assert.ok(result.items.every((item) => typeof item.pairedItem?.item === 'number'), 'every item is paired');
		});
	}
});
