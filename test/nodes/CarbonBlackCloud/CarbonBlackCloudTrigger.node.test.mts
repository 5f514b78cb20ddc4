import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { cbcCredentials, HarnessCredentialsHelper, pollOnce } from '../../harness/engine.mts';
import type { SandboxHandle } from '../../harness/sandbox.mts';
import { sandbox } from '../../harness/sandbox.mts';

describe('Carbon Black Cloud › Trigger', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;

	before(async () => {
		sb = await sandbox({ cbcAlerts: 800 });
		credentials = cbcCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	const spec = (parameters: Record<string, unknown>) => ({
		type: 'carbonBlackCloudTrigger',
		parameters: { options: { settleSeconds: 0, overlapSeconds: 60 }, ...parameters },
		credentials,
	});
	const addAlerts = (body: Record<string, unknown>) => sb.control('POST', '/cbc/alerts', body);

	it('records a baseline on first activation and emits only alerts created after it, each once', async () => {
		const created = spec({ event: 'alertCreated' });
		let state = (await pollOnce(helper, created)).staticData;
		const seeded = (await pollOnce(helper, created, { staticData: state })).items;
		assert.equal(seeded, null, 'no history flood');

		await delay(5);
		const afterBaseline = Date.now();
		const instant = new Date().toISOString();
		const { ids: tied } = await addAlerts({ count: 3, backend_timestamp: instant });
		const { ids: single } = await addAlerts({ count: 1 });
		let poll = await pollOnce(helper, created, { staticData: state });
		state = poll.staticData;
		assert.deepEqual(poll.items?.map((i) => i.json.id).sort(), [...tied, ...single].sort());

		poll = await pollOnce(helper, created, { staticData: state });
		state = poll.staticData;
		assert.equal(poll.items, null, 'nothing twice');

		const { ids: late } = await addAlerts({ count: 2, backend_timestamp: new Date(afterBaseline + 1).toISOString(), visibleAfterMs: 300 });
		poll = await pollOnce(helper, created, { staticData: state });
		state = poll.staticData;
		assert.equal(poll.items, null, 'not searchable yet');
		await delay(350);
		poll = await pollOnce(helper, created, { staticData: state });
		state = poll.staticData;
		assert.deepEqual(poll.items?.map((i) => i.json.id).sort(), [...late].sort(), 'late alerts once');
		poll = await pollOnce(helper, created, { staticData: state });
		assert.equal(poll.items, null);
	});

	it('emits an updated alert once per backend_update_timestamp', async () => {
		const updated = spec({ event: 'alertUpdated' });
		let state = (await pollOnce(helper, updated)).staticData;
		const { ids } = await addAlerts({ count: 1, backend_timestamp: new Date(Date.now() - 3_600_000).toISOString() });
		await delay(5);
		await sb.control('POST', '/cbc/alerts/update', { ids, set: { workflow: { status: 'IN_PROGRESS' } } });
		let poll = await pollOnce(helper, updated, { staticData: state });
		state = poll.staticData;
		assert.deepEqual(poll.items?.map((i) => i.json.id), ids);
		assert.equal(poll.items?.[0].json.workflow.status, 'IN_PROGRESS');
		poll = await pollOnce(helper, updated, { staticData: state });
		state = poll.staticData;
		assert.equal(poll.items, null);
		await delay(5);
		await sb.control('POST', '/cbc/alerts/update', { ids, set: { workflow: { status: 'CLOSED' } } });
		poll = await pollOnce(helper, updated, { staticData: state });
		assert.deepEqual(poll.items?.map((i) => i.json.workflow.status), ['CLOSED']);
	});

	it('in manual mode returns the latest matching alert and keeps no state', async () => {
		const { ids } = await addAlerts({ count: 1, type: 'WATCHLIST' });
		const poll = await pollOnce(helper, spec({ event: 'alertCreated', filters: { type: ['WATCHLIST'] } }), { mode: 'manual' });
		assert.equal(poll.items?.length, 1);
		assert.equal(poll.items?.[0].json.id, ids[0]);
		assert.deepEqual(poll.staticData, {});
	});

	it('starts from a date when asked, reading history once', async () => {
		const from = new Date(Date.now() - 10 * 86_400_000).toISOString();
		const body = { time_range: { start: from, end: new Date().toISOString() }, rows: 0 };
		const count = await fetch(`${sb.url}/api/alerts/v7/orgs/ABCD1234/alerts/_search`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-auth-token': 'SANDBOXSECRET0123456789/SANDBOXID01' },
			body: JSON.stringify(body),
		}).then((r) => r.json());
		const starting = spec({ event: 'alertCreated', options: { settleSeconds: 0, overlapSeconds: 60, startFrom: from } });
		const first = await pollOnce(helper, starting);
		assert.ok(first.items && first.items.length >= count.num_found, `${first.items?.length} vs ${count.num_found}`);
		assert.equal(new Set(first.items.map((i) => i.json.id)).size, first.items.length);
		const second = await pollOnce(helper, starting, { staticData: first.staticData });
		assert.equal(second.items, null);
	});
});
