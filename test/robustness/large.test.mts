// Return All of more alerts than a function call can take as arguments: `out.push(...page)`
// overflowed the stack at about 125,000 alerts. `npm run bench` (P7) runs 500,000. Past 100,000
// alerts held the pages get smaller (a 30 MB reply makes V8 collect the whole heap).
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
		// Pages of 9,998 rows until the read holds 100,000 alerts, then 2,000 (see LARGE_READ).
		const requests = await sb.requestsSinceMark();
		const rows = requests.map((r) => r.body.rows as number);
		// each page is asked for once
		const pages = requests.map((r) => `${r.body.time_range.start}..${r.body.time_range.end}#${r.body.start}`);
		assert.equal(new Set(pages).size, pages.length);
		const firstSmall = rows.findIndex((n) => n <= 2_000);
		assert.ok(firstSmall >= 10, `rows per request: ${rows.join(', ')}`);
		assert.ok(rows.slice(0, firstSmall).every((n) => n > 2_000));
		assert.ok(rows.slice(firstSmall).every((n) => n <= 2_000), `rows per request: ${rows.join(', ')}`);
		// one page at a time: reading ahead kept two 2,000-row replies outside the heap and doubled
		// V8's full collections in bench P7 (measured 1.58× vs 1.35× the 50,000 run's time per alert)
		assert.equal((await sb.stats()).maxInFlight, 1);
	});
});
