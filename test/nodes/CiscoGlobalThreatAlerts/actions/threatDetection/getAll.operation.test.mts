import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { apiOnly, client, listing, TD } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Threat Detection › Get Many', () => {
	let sb: SandboxHandle;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 300, ctaEvents: 600, ctaFlowsPerEvent: 0 });
	});
	after(async () => sb.close());

	const getAll = (extra: Record<string, unknown>) => ({ resource: 'threatDetection', operation: 'getAll', ...extra });

	it('reads every detection in sequence order, page by page from endCursor, and ends with that cursor', async () => {
		const { run } = client(sb);
		const raw = await listing(sb, 'detections');
		await sb.mark();
		const result = await run(getAll({ returnAll: true, options: { pageSize: 200 } }));
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.id), raw.map((d) => d.id));
		assert.equal(result.items.at(-1)!.json._endCursor, String(raw.at(-1)!.modificationSequenceNumber));
		assert.equal(result.items.filter((i) => '_endCursor' in i.json).length, 1);
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.equal(requests.length, Math.ceil(raw.length / 200));
		assert.ok(requests.every((r) => r.method === 'GET' && r.path === `${TD}/threat-detections`));
		assert.deepEqual(requests[0].query, { sort: 'modificationSequenceNumber', size: '200' });
		requests.slice(1).forEach((r, i) => assert.equal(r.query.after, String(raw[(i + 1) * 200 - 1].modificationSequenceNumber)));
	});

	it('continues after a saved cursor without losing or repeating, and then sees only updated detections', async () => {
		const { run } = client(sb);
		const head = await run(getAll({ limit: 100 }));
		const tail = await run(getAll({ returnAll: true, options: { after: head.items.at(-1)!.json._endCursor } }));
		const ids = [...head.items, ...tail.items].map((i) => i.json.id);
		assert.deepEqual(ids, (await listing(sb, 'detections')).map((d) => d.id));
		const changed = [head.items[5].json.id, tail.items[7].json.id];
		await sb.control('POST', '/cta/detections/update', { ids: changed, set: { risk: 'Critical' } });
		const next = await run(getAll({ returnAll: true, options: { after: tail.items.at(-1)!.json._endCursor } }));
		assert.deepEqual(next.items.map((i) => i.json.id), changed);
		assert.ok(next.items.every((i) => i.json.risk === 'Critical'));
	});

	it('sends Modified After as a query parameter, and no sort for the API default order', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run(getAll({ limit: 5, filters: { modifiedAfter: '2020-01-01T00:00:00Z' }, options: { sort: '' } }));
		assert.equal(result.items.length, 5);
		const [request] = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(request.query, { modifiedAfter: '2020-01-01T00:00:00.000Z', size: '5' });
	});
});
