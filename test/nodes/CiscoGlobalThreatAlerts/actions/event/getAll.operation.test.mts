import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { apiOnly, client, ED, listing } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Event › Get Many', () => {
	let sb: SandboxHandle;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 100, ctaEvents: 1200, ctaFlowsPerEvent: 0 });
	});
	after(async () => sb.close());

	it('lists events in sequence order with GET …/events and returns the end cursor', async () => {
		const { run } = client(sb);
		const raw = await listing(sb, 'events');
		await sb.mark();
		const result = await run({ resource: 'event', operation: 'getAll', returnAll: true });
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.id), raw.map((e) => e.id));
		assert.ok(!('threatDetectionIds' in result.items[0].json));
		assert.equal(result.items.at(-1)!.json._endCursor, String(raw.at(-1)!.modificationSequenceNumber));
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(requests.map((r) => `${r.method} ${r.path} ${r.query.sort} ${r.query.size} ${r.query.after ?? '-'}`), [
			`GET ${ED}/events modificationSequenceNumber 1000 -`,
			`GET ${ED}/events modificationSequenceNumber 1000 ${raw[999].modificationSequenceNumber}`,
		]);
	});

	it('sends no sort for the API default order (the only other order the doc allows), limited', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run({ resource: 'event', operation: 'getAll', limit: 20, options: { sort: '' } });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, 20);
		const [request] = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(request.query, { size: '20' });
	});
});
