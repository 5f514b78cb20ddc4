// Carbon Black Cloud › Device (search, get, quarantine, bypass, background scan) and
// Alert › Get Observations, in the real engine against the simulator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../harness/engine.mts';
import type { Json, SandboxHandle } from '../../../harness/sandbox.mts';
import { countRoutes, sandbox } from '../../../harness/sandbox.mts';
import { someAlerts } from '../../../harness/cbc.mts';

const ACTIONS = 'POST /appservices/v6/orgs/{org_key}/device_actions';
const DEVICE_SEARCH = 'POST /appservices/v6/orgs/{org_key}/devices/_search';
const JOBS = 'POST /api/investigate/v2/orgs/{org_key}/observations/search_jobs';

describe('Carbon Black Cloud › Device and Alert › Get Observations', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;

	before(async () => {
		sb = await sandbox({ cbcAlerts: 1500, cbcDeviceActionDelayMs: 300, cbcObservationJobDelayMs: 300 });
		credentials = cbcCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	const run = (operation: string, parameters: Json, input?: Json[], extra: Json = {}) =>
		runNode(
			helper,
			{ type: 'carbonBlackCloud', typeVersion: 1.2, parameters: { resource: 'device', operation, ...parameters }, credentials, ...extra },
			input,
		);
	const rl = (value: unknown) => ({ __rl: true, mode: 'id', value });
	const byExpression = rl('={{ $json.device_id }}');

	it('Search: OS and status filters, sort and Limit go into one request; Return All pages', async () => {
		await sb.mark();
		const result = await run('search', { filters: { os: ['WINDOWS'] }, limit: 7, sort: { fields: [{ field: 'name', order: 'ASC' }] } });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 7);
		assert.ok(result.items.every((i) => i.json.os === 'WINDOWS'));
		const names = result.items.map((i) => String(i.json.name));
		assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
		const [request] = (await sb.requestsSinceMark()).filter((r) => r.route === DEVICE_SEARCH);
		assert.deepEqual(request.body.criteria, { os: ['WINDOWS'] });
		assert.deepEqual(request.body.sort, [{ field: 'name', order: 'ASC' }]);
		assert.equal(request.body.rows, 7);
		const all = await run('search', { returnAll: true });
		assert.equal(all.error, undefined, all.error?.message);
		const ids = all.items.map((i) => i.json.id);
		assert.equal(new Set(ids).size, ids.length);
		const { count } = await sb.control('GET', '/cbc/devices');
		assert.equal(ids.length, count, 'every device once');
	});

	it("Get: an alert's device_id gives its device; many items share one search", async () => {
		const alerts = (await someAlerts(sb, 40)).filter((a) => a.device_id > 0).slice(0, 5);
		await sb.resetStats();
		const result = await run('get', { deviceId: byExpression }, alerts);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.id), alerts.map((a) => a.device_id));
		assert.deepEqual(result.items.map((i) => i.json.name), alerts.map((a) => a.device_name));
		assert.deepEqual(result.items.map((i) => i.pairedItem), alerts.map((_, item) => ({ item })));
		assert.equal((await sb.stats()).byRoute[DEVICE_SEARCH], 1);
	});

	it('bad device IDs are refused before any request; Continue On Fail keeps the good items', async () => {
		await sb.resetStats();
		for (const [value, message] of [
			['={{ "abc" }}', /"Device" must be a numeric device ID, got "abc"/],
			['={{ "12.5" }}', /must be a numeric device ID/],
			['={{ " " }}', /"Device" is empty/],
			['={{ 0 }}', /"Device" is 0: the alert has no device/],
			['={{ { id: 1 } }}', /"Device" must be text or a number, got an object/],
			['={{ [1, 2] }}', /got an array/],
		] as const) {
			const result = await run('quarantine', { deviceId: rl(value) });
			assert.match(String(result.error?.message), message, String(value));
		}
		assert.equal((await sb.stats()).total, 0, 'nothing was sent');
		const alerts = (await someAlerts(sb, 20)).filter((a) => a.device_id > 0);
		const mixed = await run('get', { deviceId: byExpression }, [alerts[0], { device_id: 'x1' }, alerts[1]], { continueOnFail: true });
		assert.equal(mixed.error, undefined);
		assert.equal(mixed.items[0].json.id, alerts[0].device_id);
		assert.match(String(mixed.items[1].json.error), /numeric device ID/);
		assert.deepEqual(mixed.items.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
		const unknown = await run('frobnicate', {});
		assert.match(String(unknown.error?.message), /The operation "frobnicate" is not supported for "device"/);
	});

	it('Quarantine of 1,000 alerts: one device_actions request with each device once; Wait for Confirmation sees it apply', async () => {
		const alerts = (await someAlerts(sb, 1500)).filter((a) => a.device_id > 0).slice(0, 1000);
		assert.equal(alerts.length, 1000);
		const devices = [...new Set(alerts.map((a) => a.device_id))];
		assert.ok(devices.length > 1 && devices.length < alerts.length, `${devices.length} devices`);
		await sb.control('DELETE', '/cbc/device_actions');
		await sb.resetStats();
		const result = await run('quarantine', { deviceId: byExpression, options: { waitForConfirmation: true, confirmTimeout: 30 } }, alerts);
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 1000);
		assert.ok(result.items.every((i, index) => i.json.device_id === alerts[index].device_id && i.json.confirmed === true && i.json.quarantined === true));
		const stats = await sb.stats();
		assert.equal(stats.byRoute[ACTIONS], 1, 'one request for all items');
		const { actions } = await sb.control('GET', '/cbc/device_actions');
		assert.equal(actions.length, 1);
		assert.equal(actions[0].action_type, 'QUARANTINE');
		assert.deepEqual([...actions[0].device_ids].sort(), [...devices].sort(), 'deduplicated');
		console.log(`quarantine: ${alerts.length} items, ${devices.length} devices, ${stats.byRoute[ACTIONS]} action request, ${stats.byRoute[DEVICE_SEARCH]} confirmation reads`);

		const released = await run('releaseQuarantine', { deviceId: byExpression, options: { waitForConfirmation: true } }, alerts.slice(0, 3));
		assert.ok(released.items.every((i) => i.json.confirmed === true && i.json.quarantined === false));
	});

	it('Bypass and background scan send their action and toggle; without a wait nothing is re-read', async () => {
		const [alert] = (await someAlerts(sb, 20)).filter((a) => a.device_id > 0);
		for (const [operation, type, toggle] of [
			['enableBypass', 'BYPASS', 'ON'],
			['disableBypass', 'BYPASS', 'OFF'],
			['startBackgroundScan', 'BACKGROUND_SCAN', 'ON'],
			['stopBackgroundScan', 'BACKGROUND_SCAN', 'OFF'],
		] as const) {
			await sb.mark();
			const result = await run(operation, { deviceId: rl(alert.device_id) });
			assert.equal(result.error, undefined, `${operation}: ${result.error?.message}`);
			assert.deepEqual(result.items[0].json, { device_id: alert.device_id, action_type: type, toggle, requested: true });
			const requests = await sb.requestsSinceMark();
			assert.deepEqual(countRoutes(requests), { [ACTIONS]: 1 });
			assert.deepEqual(requests[0].body, { action_type: type, device_id: [alert.device_id], options: { toggle } });
		}
		const scanned = await run('startBackgroundScan', { deviceId: rl(alert.device_id), options: { waitForConfirmation: true } });
		assert.equal(scanned.items[0].json.confirmed, true, JSON.stringify(scanned.items[0].json));
	});

	it('as an AI agent tool a device action refuses to run unless allowed', async () => {
		const [alert] = (await someAlerts(sb, 20)).filter((a) => a.device_id > 0);
		await sb.resetStats();
		const tool = (options: Json) =>
			runNode(helper, { type: 'carbonBlackCloudTool', typeVersion: 1.2, parameters: { resource: 'device', operation: 'quarantine', deviceId: rl(alert.device_id), options }, credentials });
		const refused = await tool({});
		assert.match(String(refused.error?.message), /An AI agent may not quarantine devices with this node/);
		assert.equal((await sb.stats()).total, 0);
		const allowed = await tool({ allowAiAgent: true });
		assert.equal(allowed.error, undefined, allowed.error?.message);
		assert.equal((await sb.stats()).byRoute[ACTIONS], 1);
	});

	it('Get Observations: one search job for several alerts, one item per observation paired to its alert, Limit per alert', async () => {
		const alerts = await someAlerts(sb, 6);
		await sb.resetStats();
		const result = await runNode(
			helper,
			{ type: 'carbonBlackCloud', typeVersion: 1.2, parameters: { resource: 'alert', operation: 'getObservations', alertId: rl('={{ $json.id }}'), returnAll: true }, credentials },
			alerts,
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.ok(result.items.length > 0, 'the seeded alerts have observations');
		for (const item of result.items) {
			const alert = alerts[item.pairedItem.item];
			assert.equal(item.json._alertId, alert.id, 'paired to the item of its alert, which it names');
			assert.ok(item.json.alert_id.includes(alert.id), "the vendor's alert_id list holds it");
			assert.equal(item.json.device_id, alert.device_id);
			assert.ok(item.json.observation_id);
		}
		const ids = result.items.map((i) => `${i.json._alertId}/${i.json.observation_id}`);
		assert.equal(new Set(ids).size, ids.length, 'each observation once per alert');
		const stats = await sb.stats();
		assert.equal(stats.byRoute[JOBS], 1, `one job: ${JSON.stringify(stats.byRoute)}`);
		const perAlert = new Map<string, number>();
		for (const i of result.items) perAlert.set(i.json._alertId, (perAlert.get(i.json._alertId) ?? 0) + 1);
		const limited = await runNode(
			helper,
			{ type: 'carbonBlackCloud', typeVersion: 1.2, parameters: { resource: 'alert', operation: 'getObservations', alertId: rl('={{ $json.id }}'), limit: 1 }, credentials },
			alerts,
		);
		const expected = alerts.filter((a) => (perAlert.get(a.id) ?? 0) > 0).length;
		assert.equal(limited.items.length, expected, 'one observation per alert that has any');
	});

	it('Get Observations: the wait is bounded by Timeout', async () => {
		const [alert] = await someAlerts(sb, 1);
		await sb.control('POST', '/cbc/observations/config', { jobDelayMs: 60_000 });
		try {
			const started = Date.now();
			const result = await runNode(helper, {
				type: 'carbonBlackCloud',
				typeVersion: 1.2,
				parameters: { resource: 'alert', operation: 'getObservations', alertId: rl(alert.id), options: { timeout: 1 } },
				credentials,
			});
			assert.match(String(result.error?.message), /The observation search did not complete in time/);
			assert.ok(Date.now() - started < 5_000, 'stopped at the timeout');
		} finally {
			await sb.control('POST', '/cbc/observations/config', { jobDelayMs: 300 });
		}
	});
});
