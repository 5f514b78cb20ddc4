// The Alert and Threat pickers (resource locators): From List (listSearch over real HTTP to the
// simulator), By ID and By URL, resolved in real operation runs; node 1.1's plain Threat ID.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { cbcCall } from '../../../harness/cbc.mts';
import type { NodeSpec } from '../../../harness/engine.mts';
import { cbcCredentials, HarnessCredentialsHelper, runNode, coreMajor } from '../../../harness/engine.mts';
import { listSearch } from '../../../harness/listSearch.mts';
import type { Json, SandboxHandle } from '../../../harness/sandbox.mts';
import { sandbox } from '../../../harness/sandbox.mts';

const V7 = '/api/alerts/v7/orgs/ABCD1234';
const rl = (mode: string, value: unknown) => ({ __rl: true, mode, value });

function setup(alerts: number) {
	const state = { sb: undefined as unknown as SandboxHandle, helper: new HarnessCredentialsHelper(), credentials: {} as Record<string, string> };
	before(async () => {
		state.sb = await sandbox({ cbcAlerts: alerts });
		state.credentials = cbcCredentials(state.helper, state.sb.url);
	});
	after(async () => state.sb.close());
	const spec = (parameters: Json, typeVersion = 1.2): NodeSpec => ({ type: 'carbonBlackCloud', parameters, credentials: state.credentials, typeVersion });
	const alerts_ = (filter?: string, token?: string) =>
		listSearch(state.helper, spec({ resource: 'alert', operation: 'get' }), 'searchAlerts', filter, token);
	const threats = (filter?: string, token?: string) =>
		listSearch(state.helper, spec({ resource: 'threat', operation: 'getHistory' }), 'searchThreats', filter, token);
	const run = (parameters: Json, typeVersion = 1.2, inputs?: Json[]) => runNode(state.helper, spec(parameters, typeVersion), inputs);
	return { state, alerts: alerts_, threats, run };
}

/** The same search, straight to the simulator, for comparison. */
const direct = (sb: SandboxHandle, body: Json) =>
	cbcCall(sb, 'POST', 'alerts/_search', { time_range: { range: '-1M' }, sort: [{ field: 'backend_timestamp', order: 'DESC' }], ...body });
const directGroups = (sb: SandboxHandle, body: Json) =>
	cbcCall(sb, 'POST', 'grouped_alerts/_search', {
		time_range: { range: '-1M' },
		sort: [{ field: 'last_alert_timestamp', order: 'DESC' }],
		group_by: { field: 'THREAT_ID' },
		...body,
	});

describe('Carbon Black Cloud › Alert and Threat pickers', () => {
	const { state, alerts, threats, run } = setup(600);

	it('Alert › From List: newest first, 100 per page, "severity · reason · created", url = alert_url', async () => {
		const { sb } = state;
		await sb.mark();
		const page = await alerts();
		const [request, ...more] = await sb.requestsSinceMark();
		assert.equal(more.length, 0);
		assert.equal(`${request.method} ${request.path}`, `POST ${V7}/alerts/_search`);
		assert.deepEqual(request.body, { time_range: { range: '-1M' }, sort: [{ field: 'backend_timestamp', order: 'DESC' }], start: 1, rows: 100 });
		const expected = (await direct(sb, { start: 1, rows: 100 })).results as Json[];
		assert.equal(page.results.length, 100);
		assert.deepEqual(page.results.map((r) => r.value), expected.map((a) => a.id));
		for (let i = 1; i < expected.length; i++) assert.ok(expected[i - 1].backend_timestamp >= expected[i].backend_timestamp, 'newest first');
		page.results.forEach((result, i) => {
			const alert = expected[i];
			const reason = String(alert.reason).replace(/\s+/g, ' ').trim();
			const shown = reason.length > 100 ? `${reason.slice(0, 99)}…` : reason;
			assert.equal(result.name, `${alert.severity} · ${shown} · ${alert.backend_timestamp}`);
			assert.equal(result.url, alert.alert_url);
		});
		assert.equal(page.paginationToken, '101');
	});

	it('Alert › From List: the next page starts at the token; the pages join up without gaps', async () => {
		const { sb } = state;
		const first = await alerts();
		await sb.mark();
		const second = await alerts(undefined, first.paginationToken);
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.body.start, 101);
		assert.equal(request.body.rows, 100);
		const expected = (await direct(sb, { start: 1, rows: 200 })).results as Json[];
		assert.deepEqual([...first.results, ...second.results].map((r) => r.value), expected.map((a) => a.id));
		assert.equal(second.paginationToken, '201');
		// a token that is not a start offset reads the first page
		const odd = await alerts(undefined, 'not-a-number');
		assert.deepEqual(odd.results.map((r) => r.value), first.results.map((r) => r.value));
	});

	it('Alert › From List: the search text is one quoted phrase, so Lucene syntax in it cannot break the query', async () => {
		const { sb } = state;
		const [someone] = (await direct(sb, { start: 1, rows: 200, query: 'device_name:DEMO*' })).results as Json[];
		assert.ok(someone, 'a device named DEMO\\… in the data');
		const filter = String(someone.device_name); // e.g. DEMO\ABC-x1y2z3: a backslash to escape
		await sb.mark();
		const found = await alerts(filter);
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.body.query, `"${filter.replace(/[\\"]/g, '\\$&')}"`);
		assert.equal(request.status, 200);
		assert.ok(found.results.some((r) => r.value === someone.id));
		const expected = (await direct(sb, { start: 1, rows: 100, query: request.body.query })).results as Json[];
		assert.deepEqual(found.results.map((r) => r.value), expected.map((a) => a.id));
		assert.ok(found.results.length < 100 && found.paginationToken === undefined, 'one short page, no next token');

		for (const hostile of ['device_name:(x OR "y\\', 'a AND NOT b', '*', '"', 'id:* OR severity:[1 TO 10]']) {
			await sb.mark();
			const result = await alerts(hostile);
			const [sent] = await sb.requestsSinceMark();
			assert.equal(sent.status, 200, `${hostile}: ${JSON.stringify(sent.body)}`);
			assert.equal(sent.body.query, `"${hostile.replace(/[\\"]/g, '\\$&')}"`);
			assert.ok(result.results.length < 600, `${hostile} matched as text, not as a query`);
		}
		// blank text: no query at all
		await sb.mark();
		await alerts('   ');
		const [blank] = await sb.requestsSinceMark();
		assert.equal('query' in blank.body, false);
	});

	it('Threat › From List: threats with the newest alert first (grouped search), "severity · reason · N alerts · last alert"', async () => {
		const { sb } = state;
		await sb.mark();
		const page = await threats();
		const [request] = await sb.requestsSinceMark();
		assert.equal(`${request.method} ${request.path}`, `POST ${V7}/grouped_alerts/_search`);
		assert.deepEqual(request.body, {
			time_range: { range: '-1M' },
			sort: [{ field: 'last_alert_timestamp', order: 'DESC' }],
			start: 1,
			rows: 100,
			group_by: { field: 'THREAT_ID' },
		});
		const expected = (await directGroups(sb, { start: 1, rows: 100 })).results as Json[];
		assert.ok(expected.length > 5);
		assert.deepEqual(page.results.map((r) => r.value), expected.map((g) => g.most_recent_alert.threat_id));
		for (let i = 1; i < expected.length; i++) assert.ok(expected[i - 1].last_alert_timestamp >= expected[i].last_alert_timestamp);
		assert.equal(new Set(page.results.map((r) => r.value)).size, page.results.length, 'one entry per threat');
		page.results.forEach((result, i) => {
			const group = expected[i];
			assert.match(result.name, new RegExp(`^${group.highest_severity} · .+ · ${group.count} alerts? · ${group.last_alert_timestamp.replace(/\./g, '\\.')}$`));
			assert.equal(result.url, `https://defense.conferdeploy.net/alerts?s[c][query_string]=threat_id:${result.value}&orgKey=ABCD1234`);
		});
		assert.equal(page.paginationToken, undefined, 'fewer than 100 threats: no next page');

		const filtered = await threats(expected[2].most_recent_alert.threat_id);
		assert.deepEqual(filtered.results.map((r) => r.value), [expected[2].most_recent_alert.threat_id]);
	});

	it('Alert: From List, By ID and By URL name the same alert in a real run (Alert › Get, Alert Note › Get Many)', async () => {
		const { sb } = state;
		const [picked] = (await alerts()).results;
		for (const locator of [rl('list', picked.value), rl('id', picked.value), rl('url', picked.url)]) {
			const got = await run({ resource: 'alert', operation: 'get', alertId: locator });
			assert.equal(got.error, undefined, `${locator.mode}: ${got.error?.message}`);
			assert.equal(got.items[0].json.id, picked.value, locator.mode);
			await sb.mark();
			const notes = await run({ resource: 'alertNote', operation: 'getAll', alertId: locator });
			assert.equal(notes.error, undefined, notes.error?.message);
			const [request] = await sb.requestsSinceMark();
			assert.equal(`${request.method} ${request.path}`, `GET ${V7}/alerts/${picked.value}/notes`, locator.mode);
		}
		// the URL percent-encoded, as a browser may copy it
		const encoded = String(picked.url).replace('[c][query_string]=id:', '%5Bc%5D%5Bquery_string%5D=id%3A');
		const got = await run({ resource: 'alert', operation: 'get', alertId: rl('url', encoded) });
		assert.equal(got.items[0]?.json.id, picked.value, got.error?.message);
	});

	it('Threat (node 1.2): From List, By ID and By URL name the same threat in a real run', async () => {
		const { sb } = state;
		const [picked] = (await threats()).results;
		const encodedUrl = `https://defense.conferdeploy.net/alerts?s%5Bc%5D%5Bquery_string%5D=threat_id%3A${picked.value}&orgKey=ABCD1234`;
		for (const locator of [rl('list', picked.value), rl('id', ` ${picked.value} `), rl('url', picked.url), rl('url', encodedUrl)]) {
			await sb.mark();
			const tags = await run({ resource: 'threatTag', operation: 'getAll', threatId: locator });
			assert.equal(tags.error, undefined, `${locator.mode}: ${tags.error?.message}`);
			assert.equal(tags.items[0].json.threat_id, picked.value);
			const history = await run({ resource: 'threat', operation: 'getHistory', threatId: locator });
			assert.equal(history.error, undefined, history.error?.message);
			const paths = (await sb.requestsSinceMark()).map((r) => `${r.method} ${r.path}`);
			assert.deepEqual(paths, [`GET ${V7}/threats/${picked.value}/tags`, `GET ${V7}/threats/${picked.value}/history`], locator.mode);
		}
		const note = await run({ resource: 'threatNote', operation: 'create', threatId: rl('url', picked.url), note: 'picked by URL' });
		assert.equal(note.error, undefined, note.error?.message);
		assert.equal(note.items[0].json.threat_id, picked.value);
	});

	it('Threat (node 1 and 1.1): a plain-text Threat ID still works, also from an expression', async () => {
		const { sb } = state;
		const [picked] = (await threats()).results;
		for (const typeVersion of [1, 1.1]) {
			await sb.mark();
			const tags = await run({ resource: 'threatTag', operation: 'getAll', threatId: picked.value }, typeVersion);
			assert.equal(tags.error, undefined, tags.error?.message);
			const byExpression = await run({ resource: 'threat', operation: 'getHistory', threatId: '={{ $json.threat }}' }, typeVersion, [{ threat: picked.value }]);
			assert.equal(byExpression.error, undefined, byExpression.error?.message);
			const paths = (await sb.requestsSinceMark()).map((r) => r.path);
			assert.deepEqual(paths, [`${V7}/threats/${picked.value}/tags`, `${V7}/threats/${picked.value}/history`]);
		}
	});

	it('bad URLs and values give a clear error on their item, before any request', async () => {
		const { sb } = state;
		const [alert] = (await alerts()).results;
		const [threat] = (await threats()).results;
		const cases: Array<[Json, string, RegExp, RegExp]> = [
			[{ resource: 'threatTag', operation: 'getAll', threatId: rl('url', '={{ $json.u }}') }, threat.url!, /^No threat ID found in the threat URL$/, /threat_id:/],
			[{ resource: 'threat', operation: 'getHistory', threatId: rl('url', '={{ $json.u }}') }, threat.url!, /^No threat ID found in the threat URL$/, /threat_id:/],
			[{ resource: 'alertNote', operation: 'getAll', alertId: rl('url', '={{ $json.u }}') }, alert.url!, /^No alert ID found in the alert URL$/, /id: followed by the alert ID/],
			[{ resource: 'alertNote', operation: 'create', alertId: rl('url', '={{ $json.u }}'), note: 'x' }, alert.url!, /^No alert ID found in the alert URL$/, /id: followed by the alert ID/],
		];
		const badUrls = ['not a url', 'https://defense.conferdeploy.net/alerts?orgKey=ABCD1234', 'ftp://host/alerts?s[c][query_string]=threat_id:ABC&id:52fa009d-e2d1'];
		for (const [parameters, good, message, description] of cases) {
			for (const u of badUrls) {
				await sb.mark();
				const result = await run(parameters, 1.2, [{ u: good }, { u }]);
				assert.match(result.error?.message ?? '', message, `${u}: ${result.error?.message}`);
				assert.equal(result.error?.name, 'NodeOperationError');
				assert.equal(result.error?.context?.itemIndex, 1, u);
				assert.match(result.error?.description ?? '', description);
				// items are read one at a time: item 0 was sent, item 1 was not
				assert.equal((await sb.requestsSinceMark()).length, 1, `${parameters.resource} ${u}`);
			}
		}
		// an alert URL where a threat is wanted, and a threat URL where an alert is wanted
		const wrongThreat = await run({ resource: 'threatTag', operation: 'getAll', threatId: rl('url', '={{ $json.u }}') }, 1.2, [{ u: alert.url }]);
		assert.equal(wrongThreat.error?.message, 'No threat ID found in the threat URL');
		const wrongAlert = await run({ resource: 'alert', operation: 'get', alertId: rl('url', '={{ $json.u }}') }, 1.2, [{ u: threat.url }]);
		assert.equal(wrongAlert.error?.message, 'The URL names a threat (threat_id:), not an alert');
		// typed in (not an expression), n8n refuses to run the node with the mode's validation message
		await assert.rejects(run({ resource: 'threatTag', operation: 'getAll', threatId: rl('url', alert.url) }), {
			name: 'WorkflowHasIssuesError',
			// n8n 1.x names no issue in the message
			message: coreMajor < 2 ? /has issues/ : /Not a threat URL: it should contain threat_id: followed by the threat ID/,
		});
		await assert.rejects(run({ resource: 'alert', operation: 'get', alertId: rl('url', threat.url) }), {
			name: 'WorkflowHasIssuesError',
			// n8n 1.x names no issue in the message
			message: coreMajor < 2 ? /has issues/ : /Not an alert URL: it should contain id: followed by the alert ID/,
		});
		// the earlier checks stay: empty, . and .., objects
		const empty = await run({ resource: 'threatTag', operation: 'getAll', threatId: rl('list', '={{ $json.t }}') }, 1.2, [{ t: '  ' }]);
		assert.equal(empty.error?.message, '"Threat ID" is empty');
		const dot = await run({ resource: 'threatTag', operation: 'getAll', threatId: rl('id', '..') });
		assert.equal(dot.error?.message, '".." is not a valid Threat ID');
		const object = await run({ resource: 'threatTag', operation: 'getAll', threatId: rl('id', '={{ $json }}') }, 1.2, [{ a: 1 }]);
		assert.equal(object.error?.message, '"Threat ID" must be text or a number, got an object');
	});
});

describe('Carbon Black Cloud › pickers inside the 10,000-result window', () => {
	const { state, alerts, threats } = setup(13_000);

	it('Alert › From List: the last pages shrink so start + rows stays below 10,000, then no token', async () => {
		const { sb } = state;
		const total = (await direct(sb, { rows: 0 })).num_found as number;
		assert.ok(total > 10_000, `needs more than 10,000 alerts in the last month, has ${total}`);
		await sb.mark();
		const near = await alerts(undefined, '9850');
		assert.equal(near.results.length, 100);
		assert.equal(near.paginationToken, '9950');
		const last = await alerts(undefined, near.paginationToken);
		assert.equal(last.results.length, 49);
		assert.equal(last.paginationToken, undefined);
		const requests = await sb.requestsSinceMark();
		assert.deepEqual(requests.map((r) => [r.body.start, r.body.rows, r.status]), [[9850, 100, 200], [9950, 49, 200]]);
		for (const r of requests) assert.ok(r.body.start + r.body.rows < 10_000);
		const expected = (await direct(sb, { start: 9950, rows: 49 })).results as Json[];
		assert.deepEqual(last.results.map((r) => r.value), expected.map((a) => a.id));
		// a token past the window sends nothing
		await sb.mark();
		assert.deepEqual(await alerts(undefined, '9999'), { results: [] });
		assert.deepEqual(await alerts(undefined, '20000'), { results: [] });
		assert.equal((await sb.requestsSinceMark()).length, 0);
	});

	it('Threat › From List: pages of 100 threats with a start-offset token that ends with the threats', async () => {
		const { sb } = state;
		const totalThreats = (await directGroups(sb, { rows: 0 })).num_found as number;
		assert.ok(totalThreats > 200, `needs more than 200 threats, has ${totalThreats}`);
		const seen: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await threats(undefined, token);
			seen.push(...page.results.map((r) => r.value));
			token = page.paginationToken;
			pages++;
		} while (token && pages < 20);
		assert.equal(pages, Math.ceil(totalThreats / 100));
		assert.equal(seen.length, totalThreats);
		assert.equal(new Set(seen).size, totalThreats);
		const expected = (await directGroups(sb, { start: 1, rows: totalThreats })).results as Json[];
		assert.deepEqual(seen, expected.map((g) => g.most_recent_alert.threat_id));
	});
});
