import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';
import { AM, apiOnly, client, listing, TD } from '../../helpers.mts';

describe('Cisco Global Threat Alerts › Security Annotation › Export', () => {
	let sb: SandboxHandle;

	before(async () => {
		sb = await sandbox({ ctaAlerts: 1200, ctaEvents: 2500, ctaFlowsPerEvent: 0 });
	});
	after(async () => sb.close());

	it('joins every event with its detections and alerts, loaded in de-duplicated chunks of 1,000', async () => {
		const { run } = client(sb);
		const events = await listing(sb, 'events');
		const detections = new Map((await listing(sb, 'detections')).map((d) => [d.id, d]));
		await sb.mark();
		const result = await run({ resource: 'securityAnnotation', operation: 'exportAnnotations', returnAll: true });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items.length, events.length);
		const detectionIds = new Set<string>();
		const alertIds = new Set<string>();
		result.items.forEach((item, i) => {
			const e = events[i];
			const json = item.json;
			assert.equal(json.event.id, e.id);
			assert.equal(json.annotationType, e.threatDetectionIds.length ? 'convicting' : 'contextual');
			assert.deepEqual(json.threatDetections.map((d: any) => d.id), e.threatDetectionIds);
			const wantAlerts = [...new Set(e.threatDetectionIds.flatMap((id: string) => detections.get(id)!.alertIds))];
			assert.deepEqual(json.alerts.map((a: any) => a.id), wantAlerts);
			e.threatDetectionIds.forEach((id: string) => detectionIds.add(id));
			wantAlerts.forEach((id) => alertIds.add(id as string));
		});
		assert.ok(result.items.some((i) => i.json.annotationType === 'contextual'));
		assert.equal(result.items.at(-1)!.json._endCursor, String(events.at(-1)!.modificationSequenceNumber));

		const requests = apiOnly(await sb.requestsSinceMark());
		const byPath = (p: string) => requests.filter((r) => r.path === p);
		assert.equal(byPath(`${TD}/enriched-events-with-threat-detection-ids`).length, 3);
		const detectionSearches = byPath(`${AM}/enriched-threat-detections-with-alert-ids/search`);
		const alertSearches = byPath(`${AM}/alerts/search`);
		assert.equal(detectionSearches.length, Math.ceil(detectionIds.size / 1000));
		assert.equal(alertSearches.length, Math.ceil(alertIds.size / 1000));
		assert.ok(alertIds.size > 1000, 'more than one alert chunk');
		const sentDetections = detectionSearches.flatMap((r) => r.body.filter.threatDetectionIds);
		assert.equal(new Set(sentDetections).size, sentDetections.length, 'no detection ID asked twice');
		assert.deepEqual(new Set(sentDetections), detectionIds);
		assert.equal(requests.length, 3 + detectionSearches.length + alertSearches.length);
	});

	it('resumes after the end cursor with only new and updated events', async () => {
		const { run } = client(sb);
		const first = await run({ resource: 'securityAnnotation', operation: 'exportAnnotations', limit: 5 });
		const cursor = first.items.at(-1)!.json._endCursor;
		const all = await run({ resource: 'securityAnnotation', operation: 'exportAnnotations', returnAll: true, options: { after: cursor } });
		const end = all.items.at(-1)!.json._endCursor;
		const { eventIds } = await sb.control('POST', '/cta/alerts', { count: 1, eventsPerDetection: 2, flowsPerEvent: 0 });
		const { eventIds: contextual } = await sb.control('POST', '/cta/events', { count: 1, flowsPerEvent: 0 });
		const next = await run({ resource: 'securityAnnotation', operation: 'exportAnnotations', returnAll: true, options: { after: end } });
		assert.deepEqual(next.items.map((i) => i.json.event.id).sort(), [...eventIds, ...contextual].sort());
		const kinds = Object.fromEntries(next.items.map((i) => [i.json.event.id, i.json.annotationType]));
		assert.equal(kinds[contextual[0]], 'contextual');
		assert.equal(kinds[eventIds[0]], 'convicting');
		assert.equal(next.items.find((i) => i.json.event.id === eventIds[0])!.json.alerts.length, 1);
	});
});
