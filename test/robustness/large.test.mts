// Return All of more alerts than a function call can take as arguments: `out.push(...page)`
// overflowed the stack at about 125,000 alerts. `npm run bench` (P7) runs 500,000.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../harness/engine.mts';
import type { SandboxHandle } from '../harness/sandbox.mts';
import { sandbox } from '../harness/sandbox.mts';

const COUNT = 130_000;

describe('Large replies', () => {
	let sb: SandboxHandle;
	before(async () => {
		sb = await sandbox({ cbcAlerts: COUNT });
	});
	after(async () => sb.close());

	it(`CBC Alert › Search, Return All of ${COUNT.toLocaleString('en-US')} alerts completes without a stack overflow`, { timeout: 240_000 }, async () => {
		const helper = new HarnessCredentialsHelper();
		const credentials = cbcCredentials(helper, sb.url);
		await sb.mark();
		await sb.resetStats();
		const result = await runNode(helper, {
			type: 'carbonBlackCloud',
			parameters: { resource: 'alert', operation: 'search', returnAll: true, range: '-6w' },
			credentials,
		});
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, COUNT);
		const ids = new Set<string>();
		for (const item of result.items) ids.add(item.json.id);
		assert.equal(ids.size, COUNT, 'no duplicates');
		assert.ok(result.items.every((item) => item.pairedItem?.item === 0));
		// The largest pages all the way (9,998 rows: one per time slice), each asked for once.
		const requests = await sb.requestsSinceMark();
		const rows = requests.map((r) => r.body.rows as number);
		const pages = requests.map((r) => `${r.body.time_range.start}..${r.body.time_range.end}#${r.body.start}`);
		assert.equal(new Set(pages).size, pages.length);
		assert.equal(requests.length, Math.ceil(COUNT / 9_998), `rows per request: ${rows.join(', ')}`);
		assert.ok(rows.every((n) => n === 9_998), `rows per request: ${rows.join(', ')}`);
		// one page at a time (bench P7 measured reading ahead as slower)
		assert.equal((await sb.stats()).maxInFlight, 1);
	});
});
