import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { apiOnly, client, ED, listing, TOKEN_ROUTE } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Event › Search', () => {
	let sb: SandboxHandle;
	let raw: Array<Record<string, any>>;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 200, ctaEvents: 2500, ctaFlowsPerEvent: 0 });
		raw = await listing(sb, 'events');
	});
	after(async () => sb.close());

	const search = (extra: Record<string, unknown>) => ({ resource: 'event', operation: 'search', ...extra });

	it('POSTs the filter with sort=modificationSequenceNumber and continues from endCursor (next is null)', async () => {
		const { run } = client(sb);
		const detectionId = raw.find((e) => e.threatDetectionIds.length)!.threatDetectionIds[0];
		const expected = raw.filter((e) => e.threatDetectionIds.includes(detectionId)).map((e) => e.id);
		await sb.mark();
		const result = await run(search({ returnAll: true, filters: { threatDetectionIds: detectionId }, options: { pageSize: 2 } }));
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.id), expected);
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.equal(requests.length, Math.ceil(expected.length / 2));
		assert.ok(requests.every((r) => r.method === 'POST' && r.path === `${ED}/events/search`));
		assert.deepEqual(requests[0].body, { filter: { threatDetectionIds: [detectionId] } });
		assert.equal(requests[0].query.sort, 'modificationSequenceNumber');
	});

	it('starts after a cursor and filters by event IDs', async () => {
		const { run } = client(sb);
		const ids = raw.slice(10, 20).map((e) => e.id);
		const result = await run(search({
			returnAll: true,
			filters: { eventIds: ids.join(', ') },
			options: { after: String(raw[14].modificationSequenceNumber) },
		}));
		assert.deepEqual(result.items.map((i) => i.json.id), ids.slice(5));
		assert.equal(result.items.at(-1)!.json._endCursor, String(raw[19].modificationSequenceNumber));
	});

	it('refuses more than 1,000 event IDs before any request', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run(search({ limit: 5, filters: { eventIds: raw.slice(0, 1001).map((e) => e.id).join(',') } }));
		assert.match(result.error?.message ?? '', /"Event IDs" has 1001 IDs; at most 1000/);
		assert.equal(apiOnly(await sb.requestsSinceMark()).length, 0);
	});

	it('refreshes a token that expires mid-pagination once and continues without losing or repeating a page', async () => {
		const { run } = client(sb);
		await sb.control('POST', '/cta/tokens/lifetime', { seconds: 1 });
		await sb.faults([{ match: { vendor: 'cta', path: 'events/search' }, action: 'delay', delayMs: 1100, skip: 1, times: 1 }]);
		await sb.mark();
		try {
			const result = await run(search({ returnAll: true, options: { pageSize: 500 } }));
			assert.equal(result.error, undefined, result.error?.message);
			assert.deepEqual(result.items.map((i) => i.json.id), raw.map((e) => e.id));
		} finally {
			await sb.clearFaults();
			await sb.control('POST', '/cta/tokens/lifetime', { seconds: 600 });
		}
		const requests = await sb.requestsSinceMark();
		assert.equal(requests.filter((r) => r.route === TOKEN_ROUTE).length, 2, 'first token + one refresh');
		const pages = apiOnly(requests);
		assert.deepEqual(pages.map((r) => r.status), [200, 200, 401, 200, 200, 200]);
		assert.equal(pages[2].query.after, pages[3].query.after, 'the refused page is asked again');
	});
});
