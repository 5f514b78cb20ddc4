import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { ctaCredentials, HarnessCredentialsHelper, runNode } from '../../../../harness/engine.mts';
import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';

const TOKEN_ROUTE = 'POST /iroh/oauth2/token';

describe('Cisco Global Threat Alerts › Alert › Get Many', () => {
	let sb: SandboxHandle;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 2500 });
	});
	after(async () => sb.close());

	const getAll = (helper: HarnessCredentialsHelper, credentials: Record<string, string>, parameters: Record<string, unknown>) =>
		runNode(helper, {
			type: 'ciscoGlobalThreatAlerts',
			parameters: { resource: 'alert', operation: 'getAll', ...parameters },
			credentials,
		});

	it('returns all alerts across cursor pages with one token for every page and execution', async () => {
		const helper = new HarnessCredentialsHelper();
		const credentials = ctaCredentials(helper, sb.url);
		await sb.mark();
		const first = await getAll(helper, credentials, { returnAll: true });
		assert.equal(first.error, undefined, first.error?.message);
		assert.equal(first.items.length, 2500);
		const ids = first.items.map((i) => i.json.id);
		assert.equal(new Set(ids).size, ids.length);
		const triggered = first.items.map((i) => Date.parse(i.json.triggeredAt));
		assert.deepEqual(triggered, [...triggered].sort((a, b) => a - b));
		assert.ok(first.items.at(-1)!.json._endCursor, 'the last item carries the end cursor');

		const second = await getAll(helper, credentials, { returnAll: false, limit: 10 });
		assert.equal(second.items.length, 10);

		const requests = await sb.requestsSinceMark();
		const tokenRequests = requests.filter((r) => r.route === TOKEN_ROUTE);
		const pages = requests.filter((r) => r.route !== TOKEN_ROUTE);
		assert.equal(tokenRequests.length, 1, 'one token for both executions');
		assert.equal(pages.length, 4, '3 pages of 1,000 + 1 page of 10');
		assert.deepEqual(pages.map((p) => p.query.size), ['1000', '1000', '1000', '10']);
		for (const page of pages) assert.deepEqual(page.auth, ['authorization']);
	});

	it('refreshes an expired token once and continues without losing or repeating a page', async () => {
		const helper = new HarnessCredentialsHelper();
		const credentials = ctaCredentials(helper, sb.url);
		const warm = await getAll(helper, credentials, { limit: 1 });
		assert.equal(warm.error, undefined, warm.error?.message);
		await sb.control('POST', '/cta/tokens/expire', {});
		await sb.mark();
		const result = await getAll(helper, credentials, { returnAll: true, options: { pageSize: 700 } });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 2500);
		assert.equal(new Set(result.items.map((i) => i.json.id)).size, 2500);
		const requests = await sb.requestsSinceMark();
		assert.equal(requests.filter((r) => r.route === TOKEN_ROUTE).length, 1);
		assert.deepEqual(
			requests.filter((r) => r.route !== TOKEN_ROUTE).map((r) => r.status),
			[401, 200, 200, 200, 200],
		);
	});

	it('continues after a saved cursor', async () => {
		const helper = new HarnessCredentialsHelper();
		const credentials = ctaCredentials(helper, sb.url);
		const head = await getAll(helper, credentials, { limit: 100 });
		const cursor = head.items.at(-1)!.json._endCursor;
		const tail = await getAll(helper, credentials, { limit: 100, options: { after: cursor } });
		const headIds = new Set(head.items.map((i) => i.json.id));
		assert.equal(tail.items.length, 100);
		assert.ok(tail.items.every((i) => !headIds.has(i.json.id)));
	});

	it('filters by triggeredAfter', async () => {
		const helper = new HarnessCredentialsHelper();
		const credentials = ctaCredentials(helper, sb.url);
		const all = await getAll(helper, credentials, { returnAll: true });
		const pivot = all.items[2000].json.triggeredAt;
		await sb.mark();
		const later = await getAll(helper, credentials, { returnAll: true, filters: { triggeredAfter: pivot } });
		assert.ok(later.items.length > 0 && later.items.length < 500);
		assert.ok(later.items.every((i) => Date.parse(i.json.triggeredAt) > Date.parse(pivot)));
		const [request] = (await sb.requestsSinceMark()).filter((r) => r.route !== TOKEN_ROUTE);
		assert.equal(request.query.triggeredAfter, new Date(pivot).toISOString());
	});

	it('reports a wrong client password as a token problem, without the password', async () => {
		const helper = new HarnessCredentialsHelper();
		const credentials = ctaCredentials(helper, sb.url, { clientPassword: 'not-the-password-42' });
		const result = await getAll(helper, credentials, { limit: 1 });
		assert.ok(result.error, 'expected an error');
		assert.match(`${result.error.message} ${result.error.description}`, /client/i);
		assert.ok(!JSON.stringify(result.error).includes('not-the-password-42'));
	});

	it('version 1.1 is newest first by default (the sort in view), version 1 keeps oldest first', async () => {
		const helper = new HarnessCredentialsHelper();
		const credentials = ctaCredentials(helper, sb.url);
		const run = (typeVersion: number, parameters: Record<string, unknown> = {}) =>
			runNode(helper, { type: 'ciscoGlobalThreatAlerts', typeVersion, parameters: { resource: 'alert', operation: 'getAll', limit: 50, ...parameters }, credentials });
		await sb.mark();
		const newest = await run(1.1);
		assert.equal(newest.error, undefined, newest.error?.message);
		const t = newest.items.map((i) => Date.parse(i.json.triggeredAt));
		assert.deepEqual(t, [...t].sort((a, b) => b - a));
		const oldest = await run(1);
		const o = oldest.items.map((i) => Date.parse(i.json.triggeredAt));
		assert.deepEqual(o, [...o].sort((a, b) => a - b));
		const modified = await run(1.1, { sort: 'modifiedAt:asc' });
		assert.equal(modified.error, undefined, modified.error?.message);
		const sorts = (await sb.requestsSinceMark()).filter((r) => r.path.endsWith('/alerts')).map((r) => r.query.sort);
		assert.deepEqual(sorts, ['triggeredAt:desc', 'triggeredAt:asc', 'modifiedAt:asc']);
		const bad = await run(1.1, { sort: '={{ "severity:desc" }}' });
		assert.equal(bad.error?.name, 'NodeOperationError');
		assert.match(bad.error!.message, /"severity:desc" is not an alert sort/);
	});

	it('refuses a page size above 1,000 before sending anything', async () => {
		const helper = new HarnessCredentialsHelper();
		const credentials = ctaCredentials(helper, sb.url);
		const result = await getAll(helper, credentials, { limit: 5, options: { pageSize: 5000 } });
		assert.match(result.error?.message ?? '', /Page Size/);
	});
});
