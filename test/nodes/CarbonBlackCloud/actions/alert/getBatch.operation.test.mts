import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { someAlerts } from '../../../../harness/cbc.mts';
import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../../harness/engine.mts';
import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';

describe('Carbon Black Cloud › Alert › Get (many items)', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;
	let ids: string[];

	before(async () => {
		sb = await sandbox({ cbcAlerts: 2500 });
		credentials = cbcCredentials(helper, sb.url);
		ids = (await someAlerts(sb, 1200)).map((a) => a.id);
	});
	after(async () => sb.close());

	const get = (input: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
		runNode(
			helper,
			{
				type: 'carbonBlackCloud',
				parameters: { resource: 'alert', operation: 'get', alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
				credentials,
				...extra,
			},
			input,
		);

	it('turns 1,200 input items into two searches by ID list, paired in input order', async () => {
		await sb.mark();
		const result = await get(ids.map((id) => ({ id })));
		assert.equal(result.error, undefined, result.error?.message);
		const requests = await sb.requestsSinceMark();
		assert.deepEqual(requests.map((r) => r.route), [
			'POST /api/alerts/v7/orgs/{org_key}/alerts/_search',
			'POST /api/alerts/v7/orgs/{org_key}/alerts/_search',
		]);
		assert.equal(requests[0].body.criteria.id.length, 1000);
		assert.equal(requests[1].body.criteria.id.length, 200);
		assert.ok(requests[0].body.time_range.start < '2015', 'searches by ID are not limited to two weeks');
		assert.deepEqual(result.items.map((i) => i.json.id), ids);
		assert.deepEqual(result.items.map((i) => i.pairedItem.item), ids.map((_, i) => i));
	});

	it('shares one result between duplicate IDs and reports a missing ID on its own item', async () => {
		await sb.mark();
		const result = await get([{ id: ids[0] }, { id: 'no-such-alert' }, { id: ids[0] }, { id: ids[1] }], { continueOnFail: true });
		assert.equal(result.error, undefined);
		assert.equal(result.items.length, 4);
		assert.equal(result.items[0].json.id, ids[0]);
		assert.match(result.items[1].json.error, /404/);
		assert.deepEqual(result.items[1].pairedItem, { item: 1 });
		assert.equal(result.items[2].json.id, ids[0]);
		assert.equal(result.items[3].json.id, ids[1]);
		const requests = await sb.requestsSinceMark();
		assert.equal(requests.length, 2, JSON.stringify(requests.map((r) => [r.method, r.path, r.status])));
		assert.equal(requests[0].body.criteria.id.length, 3);
		assert.equal(requests[1].method, 'GET');
	});

	it('without Continue On Fail, a missing ID stops the node with that item index', async () => {
		const result = await get([{ id: ids[0] }, { id: 'no-such-alert' }]);
		assert.equal(result.error?.httpCode, '404');
		assert.equal(result.error?.context?.itemIndex, 1);
	});

	it('reports an empty ID as a clear error before any request', async () => {
		await sb.mark();
		const result = await get([{ id: '' }], { continueOnFail: true });
		assert.match(result.items[0].json.error, /alert ID is empty/);
		assert.equal((await sb.requestsSinceMark()).length, 0);
	});
});

describe('Carbon Black Cloud › Alert › Get (validation before requests)', () => {
	it('stops on an empty ID before sending anything when Continue On Fail is off', async () => {
		const sb = await sandbox({ cbcAlerts: 50 });
		try {
			const helper = new HarnessCredentialsHelper();
			const credentials = cbcCredentials(helper, sb.url);
			const [alert] = await someAlerts(sb, 1);
			await sb.mark();
			const result = await runNode(
				helper,
				{
					type: 'carbonBlackCloud',
					parameters: { resource: 'alert', operation: 'get', alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
					credentials,
				},
				[{ id: alert.id }, { id: '' }],
			);
			assert.match(result.error?.message ?? '', /alert ID is empty/);
			assert.equal(result.error?.context?.itemIndex, 1);
			assert.equal((await sb.requestsSinceMark()).length, 0);
		} finally {
			await sb.close();
		}
	});
});
