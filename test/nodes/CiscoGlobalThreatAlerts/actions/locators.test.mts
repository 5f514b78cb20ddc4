// The Alert picker (resource locator): From List (listSearch over real HTTP to the simulator),
// By ID and By URL (any http(s) link with one 64-hex alert ID), resolved in real operation runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { NodeSpec } from '../../../harness/engine.mts';
import { coreMajor } from '../../../harness/engine.mts';
import { listSearch } from '../../../harness/listSearch.mts';
import type { Json, SandboxHandle } from '../../../harness/sandbox.mts';
import { sandbox } from '../../../harness/sandbox.mts';
import { AM, apiOnly, client, listing } from '../helpers.mts';

const rl = (mode: string, value: unknown) => ({ __rl: true, mode, value });

describe('Cisco Global Threat Alerts › Alert picker', () => {
	let sb: SandboxHandle;
	let alerts: Json[];
	let api: ReturnType<typeof client>;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 250, ctaEvents: 0 });
		alerts = await listing(sb, 'alerts');
		api = client(sb);
	});
	after(async () => sb.close());

	const spec = (parameters: Json = { resource: 'alert', operation: 'get' }): NodeSpec => ({
		type: 'ciscoGlobalThreatAlerts',
		typeVersion: 1.2,
		parameters,
		credentials: api.credentials,
	});
	const search = (filter?: string, token?: string) => listSearch(api.helper, spec(), 'searchAlerts', filter, token);
	const run = (parameters: Json, inputs?: Json[]) => api.run(parameters, inputs, { typeVersion: 1.2 });

	it('From List: newest first (triggeredAt), 100 per page, the cursor as pagination token', async () => {
		await sb.mark();
		const first = await search();
		const [request] = apiOnly(await sb.requestsSinceMark());
		assert.equal(`${request.method} ${request.path}`, `GET ${AM}/alerts`);
		assert.deepEqual({ sort: request.query.sort, size: request.query.size }, { sort: 'triggeredAt:desc', size: '100' });
		assert.equal(first.results.length, 100);
		const newest = [...alerts].sort((a, b) => (a.triggeredAt < b.triggeredAt ? 1 : a.triggeredAt > b.triggeredAt ? -1 : 0));
		const triggered = new Map(alerts.map((a) => [a.id, a.triggeredAt]));
		const times = first.results.map((r) => triggered.get(r.value));
		for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] >= times[i], 'newest first');
		assert.equal(times[0], newest[0].triggeredAt);
		assert.ok(first.paginationToken, 'a next page');

		await sb.mark();
		const second = await search(undefined, first.paginationToken);
		const [next] = apiOnly(await sb.requestsSinceMark());
		assert.equal(next.query.after, first.paginationToken);
		const third = await search(undefined, second.paginationToken);
		const all = [...first.results, ...second.results, ...third.results].map((r) => r.value);
		assert.equal(third.paginationToken, undefined, '250 alerts: three pages');
		assert.equal(all.length, 250);
		assert.equal(new Set(all).size, 250);
		assert.ok(triggered.get(second.results[0].value)! <= times.at(-1)!, 'page 2 continues after page 1');
	});

	it('From List: the search text narrows the list (title, risk or ID)', async () => {
		const { results } = await search();
		const target = results[5];
		const byId = await search(target.value.slice(10, 30).toUpperCase());
		assert.deepEqual(byId.results.map((r) => r.value), [target.value]);
		const title = target.name.split(' · ')[1]; // "risk · title · triggeredAt"
		const byTitle = await search(`  ${title.toLowerCase()} `);
		assert.ok(byTitle.results.some((r) => r.value === target.value));
		for (const r of byTitle.results) assert.ok(r.name.toLowerCase().includes(title.toLowerCase()), r.name);
		assert.ok(byTitle.results.length < results.length, `${title}: ${byTitle.results.length}`);
		assert.deepEqual(
			byTitle.results.map((r) => r.value),
			results.filter((r) => r.name.toLowerCase().includes(title.toLowerCase())).map((r) => r.value),
			'the same page, filtered, in the same order',
		);
	});

	it('From List, By ID and By URL name the same alert in a real run (Get, Set Note)', async () => {
		const { results } = await search();
		const id = results[3].value;
		const urls = [
			`https://console.example.com/some/path/${id}`,
			`https://console.example.com/alerts?alertId=${id}&tab=detections`,
			`http://localhost:8080/#/${id}/${id}`, // the same ID twice is one ID
			`https://console.example.com/x%2F${id}`,
		];
		for (const locator of [rl('list', id), rl('id', id), ...urls.map((u) => rl('url', u))]) {
			await sb.mark();
			const got = await run({ resource: 'alert', operation: 'get', alertId: locator });
			assert.equal(got.error, undefined, `${locator.value}: ${got.error?.message}`);
			assert.equal(got.items[0].json.id, id);
			const paths = apiOnly(await sb.requestsSinceMark()).map((r) => `${r.method} ${r.path}`);
			assert.deepEqual(paths, [`GET ${AM}/alerts/${id}`], String(locator.value));
		}
		await sb.mark();
		const noted = await run({ resource: 'alert', operation: 'setNote', alertId: rl('url', urls[1]), note: 'picked by URL' });
		assert.equal(noted.error, undefined, noted.error?.message);
		const [patch] = apiOnly(await sb.requestsSinceMark());
		assert.equal(`${patch.method} ${patch.path}`, `PATCH ${AM}/alerts/${id}/note`);
		// many items with URLs from an expression: one bulk search, each item its own alert
		const ids = results.slice(0, 3).map((r) => r.value);
		const many = await run({ resource: 'alert', operation: 'get', alertId: rl('url', '={{ "https://console.example.com/a/" + $json.id }}') }, ids.map((i) => ({ id: i })));
		assert.equal(many.error, undefined, many.error?.message);
		assert.deepEqual(many.items.map((item) => item.json.id), ids);
	});

	it('a bad URL gives a clear error on its item, before its request', async () => {
		const [a, b] = alerts;
		const bad: Array<[string, RegExp]> = [
			['https://console.example.com/alerts', /^No alert ID found in the alert URL/],
			[`ftp://console.example.com/${a.id}`, /^No alert ID found in the alert URL/],
			[a.id, /^No alert ID found in the alert URL/], // an ID, not a URL
			[`https://console.example.com/${a.id}0`, /^No alert ID found in the alert URL/], // 65 hex characters
			[`https://console.example.com/${a.id}/${b.id}`, /^The alert URL contains 2 different alert IDs; it should contain one$/],
		];
		for (const [url, message] of bad) {
			await sb.mark();
			const result = await run(
				{ resource: 'alert', operation: 'updateStatus', alertId: rl('url', '={{ $json.u }}'), status: 'Open' },
				[{ u: `https://console.example.com/${b.id}` }, { u: url }],
			);
			assert.match(result.error?.message ?? '', message, `${url}: ${result.error?.message}`);
			assert.equal(result.error?.name, 'NodeOperationError');
			assert.equal(result.error?.context?.itemIndex, 1);
			assert.match(result.error?.description ?? '', /64 hex characters/);
			// items are handled one at a time: item 0 was sent, item 1 was not
			assert.deepEqual(apiOnly(await sb.requestsSinceMark()).map((r) => r.path), [`${AM}/alerts/${b.id}/status`]);
		}
		// typed in (not an expression), n8n refuses to run the node with the mode's validation message
		await assert.rejects(run({ resource: 'alert', operation: 'get', alertId: rl('url', `https://x.example/${a.id}/${b.id}`) }), {
			name: 'WorkflowHasIssuesError',
			// n8n 1.x names no issue in the message
			message: coreMajor < 2 ? /has issues/ : /Not an alert URL: it should start with https:\/\/ and contain one alert ID \(64 hex characters\)/,
		});
	});
});
