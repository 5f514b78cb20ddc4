import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../../harness/engine.mts';
import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';

const SECRET = 'SANDBOXSECRET0123456789';

describe('Carbon Black Cloud › Alert › Get', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;
	let ids: string[];

	before(async () => {
		sb = await sandbox({ cbcAlerts: 500 });
		credentials = cbcCredentials(helper, sb.url);
		const page = await fetch(`${sb.url}/api/alerts/v7/orgs/ABCD1234/alerts/_search`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-auth-token': `${SECRET}/SANDBOXID01` },
			body: JSON.stringify({ rows: 3, time_range: { range: '-6w' } }),
		}).then((r) => r.json());
		ids = page.results.map((a: { id: string }) => a.id);
	});
	after(async () => sb.close());

	const get = (alertId: unknown, extra: Record<string, unknown> = {}, input?: Record<string, unknown>[]) =>
		runNode(
			helper,
			{ type: 'carbonBlackCloud', parameters: { resource: 'alert', operation: 'get', alertId }, credentials, ...extra },
			input,
		);

	it('gets an alert by ID', async () => {
		await sb.mark();
		const result = await get({ __rl: true, mode: 'id', value: ids[0] });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 1);
		assert.equal(result.items[0].json.id, ids[0]);
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.method, 'GET');
		assert.equal(request.path, `/api/alerts/v7/orgs/ABCD1234/alerts/${ids[0]}`);
	});

	it('gets an alert by its console URL', async () => {
		const url = `https://defense.conferdeploy.net/alerts?s[c][query_string]=id:${ids[1]}&orgKey=ABCD1234`;
		const result = await get({ __rl: true, mode: 'url', value: url });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.id, ids[1]);
	});

	it('gets one alert per input item, paired in order', async () => {
		const result = await get({ __rl: true, mode: 'id', value: '={{ $json.id }}' }, {}, ids.map((id) => ({ id })));
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.id), ids);
		assert.deepEqual(result.items.map((i) => i.pairedItem.item), [0, 1, 2]);
	});

	it('percent-encodes IDs so they cannot change the route', async () => {
		await sb.mark();
		const result = await get({ __rl: true, mode: 'id', value: '../alerts/_search?x=1#y' });
		assert.equal(result.error?.httpCode, '404');
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.method, 'GET');
		assert.ok(request.path.startsWith('/api/alerts/v7/orgs/ABCD1234/alerts/'), request.path);
	});

	it('explains a missing alert with the vendor error code, and never shows the secret', async () => {
		const result = await get({ __rl: true, mode: 'id', value: 'id_does_not_exist_demo' });
		assert.equal(result.error?.httpCode, '404');
		assert.match(result.error.message, /NOT_FOUND/);
		const serialised = JSON.stringify(result.error) + String(result.error.description) + String(result.error.stack);
		assert.ok(!serialised.includes(SECRET));
	});

	it('with Continue On Fail, gives an error item for the failing input and goes on', async () => {
		const result = await get(
			{ __rl: true, mode: 'id', value: '={{ $json.id }}' },
			{ continueOnFail: true },
			[{ id: ids[0] }, { id: 'missing-alert-id' }, { id: ids[2] }],
		);
		assert.equal(result.error, undefined);
		assert.equal(result.items.length, 3);
		assert.equal(result.items[0].json.id, ids[0]);
		assert.match(result.items[1].json.error, /404/);
		assert.deepEqual(result.items[1].pairedItem, { item: 1 });
		assert.equal(result.items[2].json.id, ids[2]);
	});

	it('answers a wrong secret with a 401 that names the credentials, not the secret', async () => {
		const badHelper = new HarnessCredentialsHelper();
		const badCredentials = cbcCredentials(badHelper, sb.url, { apiSecretKey: 'WRONGSECRET999' });
		const result = await runNode(badHelper, {
			type: 'carbonBlackCloud',
			parameters: { resource: 'alert', operation: 'get', alertId: { __rl: true, mode: 'id', value: ids[0] } },
			credentials: badCredentials,
		});
		assert.equal(result.error?.httpCode, '401');
		assert.match(result.error.description, /API ID and API secret key/);
		assert.ok(!JSON.stringify(result.error).includes('WRONGSECRET999'));
	});

	it('refuses a plain-http host that is not loopback, before sending anything', async () => {
		const httpHelper = new HarnessCredentialsHelper();
		const httpCredentials = cbcCredentials(httpHelper, 'http://defense.example.com');
		const result = await runNode(httpHelper, {
			type: 'carbonBlackCloud',
			parameters: { resource: 'alert', operation: 'get', alertId: { __rl: true, mode: 'id', value: ids[0] } },
			credentials: httpCredentials,
		});
		assert.match(result.error?.message ?? '', /URL in the credentials is not usable/);
	});
});
