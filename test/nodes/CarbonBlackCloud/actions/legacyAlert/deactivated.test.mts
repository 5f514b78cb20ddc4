// Carbon Black deactivated Alerts API v6 on 2024-09-05: real tenants answer 410 Gone (or 404) on
// every v6 route. The simulator does the same when started with --cbc-v6-gone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { v6Context, type V6Context } from './v6.mts';

const GONE = /^Alerts API v6 was deactivated by Carbon Black; use the Alert \(v7\) operations$/;

describe('Carbon Black Cloud › Legacy Alert (API v6) on a tenant where v6 is switched off', () => {
	let t: V6Context;
	before(async () => {
		t = await v6Context({ cbcAlerts: 50, cbcV6Gone: true });
	});
	after(async () => t.sb.close());

	it('the simulator answers 410 on v6 routes and still serves v7', async () => {
		const v6 = await t.api('POST', 'alerts/_search', { rows: 1 });
		assert.equal(v6.status, 410);
		const v7 = await fetch(`${t.sb.url}/api/alerts/v7/orgs/ABCD1234/alerts/_search`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-auth-token': 'SANDBOXSECRET0123456789/SANDBOXID01' },
			body: JSON.stringify({ rows: 1 }),
		});
		assert.equal(v7.status, 200);
	});

	for (const [operation, parameters] of [
		['search', { limit: 5 }],
		['facet', { facetFields: ['ALERT_TYPE'] }],
		['get', { alertId: { __rl: true, mode: 'id', value: 'a1b2c3d4e5f6' } }],
		['getWorkflowStatus', { requestId: 'abc-123' }],
	] as const) {
		it(`${operation} fails with one clear error that points to the v7 operations`, async () => {
			await t.sb.mark();
			const result = await t.run(operation, parameters);
			assert.ok(result.error, 'an error');
			assert.equal(result.error.name, 'NodeApiError');
			assert.match(result.error.message, GONE);
			assert.equal(result.error.httpCode, '410');
			assert.match(String(result.error.description), /2024-09-05/);
			assert.equal((await t.sb.requestsSinceMark()).length, 1, 'a 410 is not retried');
		});
	}

	it('a bare 404 on a v6 search route means the same', async () => {
		await t.sb.control('POST', '/cbc/v6-gone', { gone: false });
		try {
			await t.sb.faults([{ match: { path: '/appservices/v6/' }, action: 'status', status: 404, body: '<html><title>Not Found</title></html>', headers: { 'content-type': 'text/html' } }]);
			const result = await t.run('search', { limit: 5 });
			assert.match(result.error?.message ?? '', GONE);
			await t.sb.clearFaults();
			// A 404 of an ID lookup with the vendor's JSON error is a missing alert, not a gone API.
			const missing = await t.run('get', { alertId: { __rl: true, mode: 'id', value: 'no-such-alert-id' } });
			assert.match(missing.error?.message ?? '', /answered 404/);
		} finally {
			await t.sb.clearFaults();
			await t.sb.control('POST', '/cbc/v6-gone', { gone: true });
		}
	});
});
