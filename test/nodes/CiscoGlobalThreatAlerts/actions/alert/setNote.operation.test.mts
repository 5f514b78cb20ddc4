import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { AM, apiOnly, client, listing } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Alert › Set Note', () => {
	let sb: SandboxHandle;
	let ids: string[];

	before(async () => {
		sb = await sandbox({ ctaAlerts: 10, ctaEvents: 0 });
		ids = (await listing(sb, 'alerts')).map((a) => a.id);
	});
	after(async () => sb.close());

	it('replaces the note with PATCH …/note and returns the alert', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run(
			{ resource: 'alert', operation: 'setNote', alertId: { __rl: true, mode: 'id', value: ids[0] }, note: 'Ticket INC-42' },
			[{}],
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.note, 'Ticket INC-42');
		assert.deepEqual(result.items[0].pairedItem, { item: 0 });
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(requests.map((r) => [r.method, r.path, r.body]), [['PATCH', `${AM}/alerts/${ids[0]}/note`, { note: 'Ticket INC-42' }]]);
		const [raw] = (await listing(sb, 'alerts')).filter((a) => a.id === ids[0]);
		assert.equal(raw.note, 'Ticket INC-42');
	});

	it('refuses an empty note before any request', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run(
			{ resource: 'alert', operation: 'setNote', alertId: { __rl: true, mode: 'id', value: ids[1] }, note: '   ' },
			[{}],
		);
		assert.match(result.error?.message ?? '', /The note is empty/);
		assert.equal(apiOnly(await sb.requestsSinceMark()).length, 0);
	});
});
