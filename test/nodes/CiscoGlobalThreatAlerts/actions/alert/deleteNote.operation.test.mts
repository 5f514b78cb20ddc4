import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { AM, apiOnly, client, listing } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Alert › Delete Note', () => {
	let sb: SandboxHandle;
	let ids: string[];

	before(async () => {
		sb = await sandbox({ ctaAlerts: 10, ctaEvents: 0 });
		ids = (await listing(sb, 'alerts')).map((a) => a.id);
		await sb.control('POST', '/cta/alerts/update', { ids: [ids[0], ids[1]], set: { note: 'to remove' } });
	});
	after(async () => sb.close());

	it('removes the note with DELETE …/note and answers deleted: true per item', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run(
			{ resource: 'alert', operation: 'deleteNote', alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			[{ id: ids[0] }, { id: ids[1] }],
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((i) => [i.json, i.pairedItem]),
			[0, 1].map((i) => [{ id: ids[i], deleted: true }, { item: i }]),
		);
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(requests.map((r) => [r.method, r.path, r.status]), [0, 1].map((i) => ['DELETE', `${AM}/alerts/${ids[i]}/note`, 204]));
		const notes = (await listing(sb, 'alerts')).filter((a) => a.id === ids[0] || a.id === ids[1]).map((a) => a.note);
		assert.deepEqual(notes, [null, null]);
	});
});
