import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { apiOnly, client, listing, TD } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Event › Get Many with Threat Detection IDs', () => {
	let sb: SandboxHandle;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 100, ctaEvents: 800, ctaFlowsPerEvent: 0 });
	});
	after(async () => sb.close());

	it('reads enriched events with their threat detection IDs, continuing after a cursor', async () => {
		const { run } = client(sb);
		const raw = await listing(sb, 'events');
		await sb.mark();
		const head = await run({ resource: 'event', operation: 'getAllWithThreatDetectionIds', limit: 300, options: { pageSize: 250 } });
		const tail = await run({
			resource: 'event',
			operation: 'getAllWithThreatDetectionIds',
			returnAll: true,
			options: { after: head.items.at(-1)!.json._endCursor },
		});
		const items = [...head.items, ...tail.items];
		assert.deepEqual(items.map((i) => i.json.id), raw.map((e) => e.id));
		assert.deepEqual(items.map((i) => i.json.threatDetectionIds), raw.map((e) => e.threatDetectionIds));
		assert.ok(items.some((i) => i.json.threatDetectionIds.length === 0), 'contextual events have none');
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(requests.map((r) => `${r.method} ${r.path} ${r.query.size}`), [
			`GET ${TD}/enriched-events-with-threat-detection-ids 250`,
			`GET ${TD}/enriched-events-with-threat-detection-ids 50`,
			`GET ${TD}/enriched-events-with-threat-detection-ids 1000`,
		]);
	});
});
