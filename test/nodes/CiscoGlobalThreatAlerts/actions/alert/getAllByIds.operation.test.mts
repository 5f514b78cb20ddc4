import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { AM, apiOnly, client, listing } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Alert › Get Many by IDs', () => {
	let sb: SandboxHandle;
	let ids: string[];

	before(async () => {
		sb = await sandbox({ ctaAlerts: 1600, ctaEvents: 0 });
		ids = (await listing(sb, 'alerts')).map((a) => a.id);
	});
	after(async () => sb.close());

	it('searches 1,500 IDs in chunks of 1,000 and returns the alerts in ID order, paired to the item', async () => {
		const { run } = client(sb);
		const wanted = ids.slice(0, 1500).reverse();
		await sb.control('POST', '/cta/alerts/remove', { ids: [wanted[3]] });
		await sb.mark();
		const result = await run(
			{ resource: 'alert', operation: 'getAllByIds', alertIds: `${wanted.join(', ')}, ${wanted[0]}` },
			[{ n: 1 }],
		);
		assert.equal(result.error, undefined, result.error?.message);
		const expected = wanted.filter((_, i) => i !== 3);
		assert.deepEqual(result.items.map((i) => i.json.id), expected, 'expired alert left out, duplicate once');
		assert.ok(result.items.every((i) => i.pairedItem.item === 0));
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), Array(2).fill(`POST ${AM}/alerts/search`));
		assert.deepEqual(requests.map((r) => r.body.filter.alertIds.length), [1000, 500]);
	});

	it('accepts an array from an expression and refuses an empty list before any request', async () => {
		const { run } = client(sb);
		const ok = await run({ resource: 'alert', operation: 'getAllByIds', alertIds: '={{ $json.ids }}' }, [
			{ ids: [ids[1500], ids[1501]] },
		]);
		assert.deepEqual(ok.items.map((i) => i.json.id), [ids[1500], ids[1501]]);
		await sb.mark();
		const empty = await run({ resource: 'alert', operation: 'getAllByIds', alertIds: ' , ' }, [{}]);
		assert.match(empty.error?.message ?? '', /"Alert IDs" is empty/);
		assert.equal(apiOnly(await sb.requestsSinceMark()).length, 0);
	});
});
