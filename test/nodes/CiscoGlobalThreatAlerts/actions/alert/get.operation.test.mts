import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { AM, apiOnly, client, listing, TOKEN_ROUTE } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Alert › Get', () => {
	let sb: SandboxHandle;
	let ids: string[];

	before(async () => {
		sb = await sandbox({ ctaAlerts: 2600, ctaEvents: 0 });
		ids = (await listing(sb, 'alerts')).map((a) => a.id);
	});
	after(async () => sb.close());

	const get = (alertId: unknown) => ({
		resource: 'alert',
		operation: 'get',
		alertId: { __rl: true, mode: 'id', value: alertId },
	});

	it('reads one alert with GET …/alerts/{id}', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run(get(ids[7]));
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 1);
		assert.equal(result.items[0].json.id, ids[7]);
		assert.deepEqual(result.items[0].pairedItem, { item: 0 });
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(
			requests.map((r) => `${r.method} ${r.path}`),
			[`GET ${AM}/alerts/${ids[7]}`],
		);
	});

	it('says plainly that an alert no longer exists on a 404', async () => {
		const { run } = client(sb);
		const { removedAlertIds } = await sb.control('POST', '/cta/alerts/remove', { ids: [ids[0]] });
		assert.deepEqual(removedAlertIds, [ids[0]]);
		const result = await run(get(ids[0]));
		assert.equal(result.error?.message, `The alert ${ids[0]} no longer exists`);
		assert.match(result.error?.description ?? '', /45 days/);
		assert.equal(result.error?.httpCode, '404');
	});

	it('reads 2,500 input items with 3 bulk searches, paired in input order', async () => {
		const { run } = client(sb);
		const wanted = ids.slice(100, 2600);
		const inputs = wanted.map((id) => ({ id }));
		await sb.mark();
		const result = await run(get('={{ $json.id }}'), inputs);
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 2500);
		result.items.forEach((item, i) => {
			assert.deepEqual(item.pairedItem, { item: i });
			assert.equal(item.json.id, wanted[i]);
		});
		const requests = await sb.requestsSinceMark();
		assert.equal(requests.filter((r) => r.route === TOKEN_ROUTE).length, 1);
		const searches = apiOnly(requests);
		assert.deepEqual(
			searches.map((r) => `${r.method} ${r.path}`),
			Array(3).fill(`POST ${AM}/alerts/search`),
		);
		assert.deepEqual(
			searches.map((r) => r.body.filter.alertIds.length),
			[1000, 1000, 500],
		);
		assert.deepEqual(searches.flatMap((r) => r.body.filter.alertIds), wanted);
	});

	it('shares one result between duplicate IDs and turns missing or empty IDs into paired error items', async () => {
		const { run } = client(sb);
		const inputs = [{ id: ids[10] }, { id: ids[0] }, { id: '' }, { id: ids[10] }, { id: ids[11] }];
		await sb.mark();
		const result = await run(get('={{ $json.id }}'), inputs, { continueOnFail: true });
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((i) => [i.pairedItem.item, i.json.id ?? i.json.error]),
			[
				[0, ids[10]],
				[1, `The alert ${ids[0]} no longer exists`],
				[2, 'The alert ID is empty'],
				[3, ids[10]],
				[4, ids[11]],
			],
		);
		const searches = apiOnly(await sb.requestsSinceMark());
		assert.equal(searches.length, 1);
		assert.deepEqual(searches[0].body, { filter: { alertIds: [ids[10], ids[0], ids[11]] } });
	});

	it('stops at an invalid item before any request when not continuing on failure', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run(get('={{ $json.id }}'), [{ id: ids[3] }, { id: 'two words' }]);
		assert.match(result.error?.message ?? '', /is not an alert ID/);
		assert.equal(apiOnly(await sb.requestsSinceMark()).length, 0);
	});

	it('gives every item of a failed bulk search the error under continueOnFail', async () => {
		const { run } = client(sb);
		await sb.faults([{ match: { vendor: 'cta', path: 'alerts/search' }, action: 'status', status: 400, body: { message: 'Broken filter', error: 'bad_request', code: 400 }, times: 1 }]);
		const result = await run(get('={{ $json.id }}'), [{ id: ids[20] }, { id: ids[21] }], { continueOnFail: true });
		await sb.clearFaults();
		assert.equal(result.items.length, 2);
		for (const [i, item] of result.items.entries()) {
			assert.deepEqual(item.pairedItem, { item: i });
			assert.match(item.json.error, /answered 400 — bad_request: Broken filter/);
		}
	});
});
