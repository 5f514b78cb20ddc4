import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { AM, apiOnly, client, listing } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Alert › Update Status', () => {
	let sb: SandboxHandle;
	let ids: string[];

	before(async () => {
		sb = await sandbox({ ctaAlerts: 20, ctaEvents: 0 });
		ids = (await listing(sb, 'alerts')).map((a) => a.id);
	});
	after(async () => sb.close());

	const update = (status: string, closingReasons?: string) => ({
		resource: 'alert',
		operation: 'updateStatus',
		alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
		status,
		...(closingReasons === undefined ? {} : { closingReasons }),
	});

	it('closes alerts with closing reasons, one PATCH per item, never sending the deprecated state key', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run(update('Closed', 'FalsePositive, Accepted Risk'), [{ id: ids[0] }, { id: ids[1] }]);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((i) => [i.pairedItem.item, i.json.id, i.json.status]),
			[
				[0, ids[0], { value: 'Closed', closingReasons: ['FalsePositive', 'Accepted Risk'] }],
				[1, ids[1], { value: 'Closed', closingReasons: ['FalsePositive', 'Accepted Risk'] }],
			],
		);
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(
			requests.map((r) => [r.method, r.path, r.body]),
			[0, 1].map((i) => [
				'PATCH',
				`${AM}/alerts/${ids[i]}/status`,
				{ status: { value: 'Closed', closingReasons: ['FalsePositive', 'Accepted Risk'] } },
			]),
		);
		assert.ok(requests.every((r) => !JSON.stringify(r.body).includes('state')));
	});

	it('opens an alert with a status value only', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run(update('Open', 'ignored when not closing'), [{ id: ids[0] }]);
		assert.deepEqual(result.items[0].json.status, { value: 'Open', closingReasons: null });
		const [request] = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(request.body, { status: { value: 'Open' } });
	});

	it('turns an unknown status and an expired alert into paired error items under continueOnFail', async () => {
		const { run } = client(sb);
		await sb.control('POST', '/cta/alerts/remove', { ids: [ids[5]] });
		await sb.mark();
		const result = await run(
			{ ...update('={{ $json.status }}') },
			[
				{ id: ids[2], status: 'Resolved' },
				{ id: ids[5], status: 'Open' },
				{ id: ids[3], status: 'New' },
			],
			{ continueOnFail: true },
		);
		assert.deepEqual(
			result.items.map((i) => [i.pairedItem.item, i.json.error ?? i.json.status.value]),
			[
				[0, '"Resolved" is not an alert status'],
				[1, `The alert ${ids[5]} no longer exists`],
				[2, 'New'],
			],
		);
		assert.match(result.items[1].error.description, /45 days/);
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(requests.map((r) => r.path), [`${AM}/alerts/${ids[5]}/status`, `${AM}/alerts/${ids[3]}/status`]);
	});

	it('stops the run on the first failing item without continueOnFail', async () => {
		const { run } = client(sb);
		const result = await run(update('Closed', Array.from({ length: 21 }, (_, i) => `r${i}`).join(',')), [{ id: ids[4] }]);
		assert.match(result.error?.message ?? '', /"Closing Reasons" has 21 IDs; at most 20/);
	});
});
