// Alert › Search returns what was asked for, in the asked order, for every Limit: no sort means
// newest first by backend_timestamp (in one search up to 9,998 alerts, in time slices above);
// a sort that cannot be kept past the 10,000-result window is refused, never answered with a
// differently ordered subset.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../../harness/engine.mts';
import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';

const COUNT = 15_000;

describe('Carbon Black Cloud › Alert › Search: order and the 10,000-result window', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;
	const range = { timeRange: 'absolute', startTime: '', endTime: '' };
	/** Every alert of the range as the vendor has them: [id, backend_timestamp ms]. */
	let all: Array<[string, number]>;

	before(async () => {
		sb = await sandbox({ cbcAlerts: COUNT });
		credentials = cbcCredentials(helper, sb.url);
		range.endTime = new Date().toISOString();
		range.startTime = new Date(Date.now() - 6 * 7 * 86_400_000).toISOString();
		const result = await search({ returnAll: true, sort: { fields: [{ field: 'backend_timestamp', order: 'ASC' }] } });
		assert.equal(result.error, undefined, result.error?.message);
		all = result.items.map((i) => [i.json.id as string, Date.parse(i.json.backend_timestamp as string)]);
		assert.ok(all.length > 12_000, `${all.length} alerts in range`);
	});
	after(async () => sb.close());

	const search = (parameters: Record<string, unknown>) =>
		runNode(helper, {
			type: 'carbonBlackCloud',
			parameters: { resource: 'alert', operation: 'search', ...range, ...parameters },
			credentials,
		});
	const times = (items: Array<{ json: Record<string, unknown> }>) => items.map((i) => Date.parse(i.json.backend_timestamp as string));
	const newestFirst = (t: number[]) => t.every((v, i) => i === 0 || t[i - 1] >= v);
	const oldestFirst = (t: number[]) => t.every((v, i) => i === 0 || t[i - 1] <= v);

	it('oldest first past the window is the full set, in order, without duplicates', () => {
		assert.equal(new Set(all.map(([id]) => id)).size, all.length);
		assert.ok(oldestFirst(all.map(([, t]) => t)));
	});

	it('without a sort every Limit and Return All are newest first, and each is a prefix of the next', async () => {
		const results = new Map<string, string[]>();
		for (const limit of [20, 9_998, 9_999, 12_000, 'all'] as const) {
			await sb.mark();
			const result = await search(limit === 'all' ? { returnAll: true } : { limit });
			assert.equal(result.error, undefined, result.error?.message);
			const t = times(result.items);
			assert.ok(newestFirst(t), `Limit ${limit}: newest first`);
			const ids = result.items.map((i) => i.json.id as string);
			assert.equal(new Set(ids).size, ids.length, `Limit ${limit}: no duplicates`);
			assert.equal(ids.length, limit === 'all' ? all.length : limit);
			// every request says which order it wants: nothing is left to the API's default
			for (const r of await sb.requestsSinceMark()) assert.deepEqual(r.body.sort, [{ field: 'backend_timestamp', order: 'DESC' }]);
			results.set(String(limit), ids);
		}
		const full = results.get('all')!;
		assert.deepEqual(new Set(full), new Set(all.map(([id]) => id)), 'Return All newest first is the same set');
		// the newest N are the N largest timestamps of the range
		const cut = [...all].sort((a, b) => b[1] - a[1])[12_000 - 1][1];
		assert.ok(times((await search({ limit: 12_000 })).items).every((t) => t >= cut));
		for (const limit of ['20', '9998', '9999', '12000']) {
			const ids = results.get(limit)!;
			const ts = new Map(all);
			// same timestamps at the same positions as Return All (ties may order alike or not)
			assert.deepEqual(ids.map((id) => ts.get(id)), full.slice(0, ids.length).map((id) => ts.get(id)), `Limit ${limit} is a prefix of Return All`);
		}
	});

	it('Backend Timestamp oldest first is kept past the window: the oldest 12,000', async () => {
		const result = await search({ limit: 12_000, sort: { fields: [{ field: 'backend_timestamp', order: 'ASC' }] } });
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.id), all.slice(0, 12_000).map(([id]) => id));
	});

	it('a sort by severity is kept up to 9,998 alerts', async () => {
		const result = await search({ limit: 9_998, sort: { fields: [{ field: 'severity', order: 'DESC' }] } });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 9_998);
		const sev = result.items.map((i) => i.json.severity as number);
		assert.ok(sev.every((v, i) => i === 0 || sev[i - 1] >= v), 'highest severity first');
	});

	for (const [name, parameters] of [
		['Limit 12,000 sorted by severity', { limit: 12_000, sort: { fields: [{ field: 'severity', order: 'DESC' }] } }],
		['Limit 9,999 sorted by severity', { limit: 9_999, sort: { fields: [{ field: 'severity', order: 'DESC' }] } }],
		['Return All sorted by severity', { returnAll: true, sort: { fields: [{ field: 'severity', order: 'DESC' }] } }],
		[
			'Return All sorted by backend timestamp, then severity',
			{ returnAll: true, sort: { fields: [{ field: 'backend_timestamp', order: 'DESC' }, { field: 'severity', order: 'DESC' }] } },
		],
	] as const) {
		it(`${name} is refused before any request, saying how to narrow the search`, async () => {
			await sb.mark();
			const result = await search(parameters);
			assert.equal(result.items.length, 0);
			assert.equal(result.error?.name, 'NodeOperationError');
			assert.match(result.error!.message, /can return at most 9,998 alerts/);
			assert.match(String(result.error!.description), /Set Limit to 9,998 or less, narrow the search/);
			assert.equal((await sb.requestsSinceMark()).length, 0);
		});
	}
});
