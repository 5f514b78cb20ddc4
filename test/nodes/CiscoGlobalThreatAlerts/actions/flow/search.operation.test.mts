import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { apiOnly, client, ED, listing } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Flow › Search', () => {
	let sb: SandboxHandle;
	let raw: Array<Record<string, any>>;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 50, ctaEvents: 400, ctaFlowsPerEvent: 3 });
		raw = await listing(sb, 'flows');
	});
	after(async () => sb.close());

	it('reads all flows in sequence order with POST …/flows/search and an empty filter', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run({ resource: 'flow', operation: 'search', returnAll: true });
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.id), raw.map((f) => f.id));
		assert.equal(result.items.at(-1)!.json._endCursor, String(raw.at(-1)!.modificationSequenceNumber));
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.equal(requests.length, Math.ceil(raw.length / 1000));
		assert.ok(requests.every((r) => r.method === 'POST' && r.path === `${ED}/flows/search` && r.query.sort === 'modificationSequenceNumber'));
		assert.deepEqual(requests[0].body, { filter: {} });
		assert.equal(requests[1].query.after, String(raw[999].modificationSequenceNumber));
	});

	it('filters by event IDs and continues after the sequence-number cursor', async () => {
		const { run } = client(sb);
		const eventIds = [raw[0].eventId, raw[500].eventId];
		const expected = raw.filter((f) => eventIds.includes(f.eventId));
		const head = await run({ resource: 'flow', operation: 'search', limit: 2, filters: { eventIds: eventIds.join(',') } });
		assert.deepEqual(head.items.map((i) => i.json.id), expected.slice(0, 2).map((f) => f.id));
		const tail = await run({
			resource: 'flow',
			operation: 'search',
			returnAll: true,
			filters: { eventIds: eventIds.join(',') },
			options: { after: head.items.at(-1)!.json._endCursor },
		});
		assert.deepEqual(tail.items.map((i) => i.json.id), expected.slice(2).map((f) => f.id));
		assert.ok(tail.items.every((i) => eventIds.includes(i.json.eventId)));
	});
});
