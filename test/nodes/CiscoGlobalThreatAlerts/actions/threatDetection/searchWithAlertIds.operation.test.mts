import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { AM, apiOnly, client, listing } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Threat Detection › Search with Alert IDs', () => {
	let sb: SandboxHandle;
	let raw: Array<Record<string, any>>;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 900, ctaEvents: 1300, ctaFlowsPerEvent: 0 });
		raw = await listing(sb, 'detections');
	});
	after(async () => sb.close());

	const search = (extra: Record<string, unknown>) => ({ resource: 'threatDetection', operation: 'searchWithAlertIds', ...extra });

	it('pages through all detections with their alert IDs with an empty filter and the sequence sort', async () => {
		const { run } = client(sb);
		await sb.mark();
		const result = await run(search({ returnAll: true }));
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.id), raw.map((d) => d.id));
		assert.deepEqual(result.items.map((i) => i.json.alertIds), raw.map((d) => d.alertIds));
		assert.equal(result.items.at(-1)!.json._endCursor, String(raw.at(-1)!.modificationSequenceNumber));
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.equal(requests.length, Math.ceil(raw.length / 1000));
		for (const r of requests) {
			assert.equal(`${r.method} ${r.path}`, `POST ${AM}/enriched-threat-detections-with-alert-ids/search`);
			assert.deepEqual(r.body, { filter: {} });
			assert.equal(r.query.sort, 'modificationSequenceNumber');
		}
		assert.equal(requests[1].query.after, String(raw[999].modificationSequenceNumber));
	});

	it('searches 1,200 IDs 1,000 at a time', async () => {
		assert.ok(raw.length >= 1200, `${raw.length} detections`);
		const { run } = client(sb);
		const ids = raw.slice(0, 1200).map((d) => d.id);
		await sb.mark();
		const result = await run(search({ returnAll: true, threatDetectionIds: ids.join(',') }));
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.json.id).sort(), [...ids].sort());
		assert.equal(result.items.at(-1)!.json._endCursor, null, 'no single cursor across chunks');
		const requests = apiOnly(await sb.requestsSinceMark());
		assert.deepEqual(requests.map((r) => r.body.filter.threatDetectionIds.length), [1000, 200]);
	});

	it('keeps one cursor for up to 1,000 IDs and honours the limit', async () => {
		const { run } = client(sb);
		const ids = raw.slice(0, 30).map((d) => d.id);
		const result = await run(search({ limit: 10, threatDetectionIds: ids.join(' ') }));
		assert.equal(result.items.length, 10);
		assert.equal(result.items.at(-1)!.json._endCursor, String(raw[9].modificationSequenceNumber));
	});
});
