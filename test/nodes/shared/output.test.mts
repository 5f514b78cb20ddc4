// Output (Simplified / Raw / Selected Fields) of the reads and both triggers, in the real engine
// against the simulator: new node versions default to Simplified, older ones keep the raw output.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { cbcCredentials, ctaCredentials, HarnessCredentialsHelper, nodeTypes, pollOnce, runNode } from '../../harness/engine.mts';
import type { Json, SandboxHandle } from '../../harness/sandbox.mts';
import { sandbox } from '../../harness/sandbox.mts';
import { someAlerts } from '../../harness/cbc.mts';

const CBC_SIMPLE = ['id', 'backend_timestamp', 'severity', 'type', 'reason', 'device_id', 'device_name', 'threat_id', 'workflow', 'alert_url'];
const keys = (item: Json) => Object.keys(item.json);

describe('Output: Simplified, Raw, Selected Fields', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let cbc: Record<string, string>;
	let cta: Record<string, string>;

	before(async () => {
		sb = await sandbox({ cbcAlerts: 300, ctaAlerts: 40, ctaEvents: 60, ctaFlowsPerEvent: 0 });
		cbc = cbcCredentials(helper, sb.url);
		cta = ctaCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	const cbcRun = (typeVersion: number, parameters: Json, input?: Json[], continueOnFail = false) =>
		runNode(helper, { type: 'carbonBlackCloud', typeVersion, parameters: { resource: 'alert', operation: 'search', range: '-4w', limit: 20, ...parameters }, credentials: cbc, continueOnFail }, input);
	const ctaRun = (typeVersion: number, parameters: Json) =>
		runNode(helper, { type: 'ciscoGlobalThreatAlerts', typeVersion, parameters: { limit: 10, ...parameters }, credentials: cta });

	it('CBC Alert › Search: version 1.2 gives at most 10 triage fields by default; 1.1 and Raw give every field', async () => {
		const simple = await cbcRun(1.2, {});
		assert.equal(simple.error, undefined, simple.error?.message);
		assert.equal(simple.items.length, 20);
		for (const item of simple.items) {
			assert.ok(keys(item).length <= 10);
			assert.deepEqual(keys(item), CBC_SIMPLE.filter((k) => k in item.json), 'in the documented order');
			assert.ok(item.json.id && item.json.severity && item.json.workflow.status);
		}
		const old = await cbcRun(1.1, {});
		const raw = await cbcRun(1.2, { output: 'raw' });
		assert.deepEqual(raw.items.map((i) => i.json), old.items.map((i) => i.json), 'Raw on 1.2 is what 1.1 returns');
		assert.ok(keys(old.items[0]).length > 25, 'the raw alert has its many fields');
		assert.deepEqual(simple.items.map((i) => i.json.id), old.items.map((i) => i.json.id), 'same alerts, same order');
		for (const [index, item] of simple.items.entries()) {
			for (const key of keys(item)) assert.deepEqual(item.json[key], old.items[index].json[key], `values are not rewritten (${key})`);
		}
	});

	it('Selected Fields outputs exactly the picked fields and the ID', async () => {
		const result = await cbcRun(1.2, { output: 'fields', fields: ['severity', 'device_name', 'no_such_field'] });
		assert.equal(result.error, undefined, result.error?.message);
		for (const item of result.items) assert.deepEqual(keys(item), ['id', 'severity', 'device_name']);
		const fromExpression = await cbcRun(1.2, { output: 'fields', fields: '={{ "device_os, threat_id" }}' });
		assert.equal(fromExpression.error, undefined, fromExpression.error?.message);
		for (const item of fromExpression.items) assert.deepEqual(keys(item), ['id', 'device_os', 'threat_id']);
	});

	it('Selected Fields with no field, or an unknown Output, is refused before any request', async () => {
		await sb.mark();
		const none = await cbcRun(1.2, { output: 'fields', fields: [] });
		assert.match(none.error?.message ?? '', /Pick at least one field under Fields/);
		const odd = await cbcRun(1.2, { output: '={{ "everything" }}' });
		assert.match(odd.error?.message ?? '', /Output must be Simplified, Raw or Selected Fields, got "everything"/);
		assert.equal((await sb.requestsSinceMark()).length, 0);
	});

	it('CBC Alert › Get in bulk: simplified items stay paired; an error item under Continue On Fail is left whole', async () => {
		const alerts = await someAlerts(sb, 3);
		const input = [{ id: alerts[0].id }, { id: 'ffffffff-0000-0000-0000-000000000000' }, { id: alerts[2].id }];
		const result = await cbcRun(1.2, { operation: 'get', alertId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, input, true);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
		assert.deepEqual(keys(result.items[0]), CBC_SIMPLE.filter((k) => k in result.items[0].json));
		assert.equal(result.items[0].json.id, alerts[0].id);
		assert.equal(result.items[2].json.id, alerts[2].id);
		assert.match(String(result.items[1].json.error), /no longer exists|not found|NOT_FOUND/i);
	});

	it('CBC Grouped Alert › Search simplified: the threat, its counts and its newest alert simplified', async () => {
		const result = await cbcRun(1.2, { resource: 'groupedAlert', limit: 5 });
		assert.equal(result.error, undefined, result.error?.message);
		for (const item of result.items) {
			assert.ok(keys(item).length <= 10);
			assert.equal(item.json.threat_id, item.json.most_recent_alert.threat_id);
			assert.ok(Number.isInteger(item.json.count));
			assert.ok(Object.keys(item.json.most_recent_alert).every((k) => CBC_SIMPLE.includes(k)));
		}
	});

	it('Cisco reads: alerts, events and threat detections simplified on 1.2, raw on 1.1', async () => {
		for (const [resource, operation, must] of [
			['alert', 'getAll', ['id', 'risk', 'status', 'triggeredAt']],
			['event', 'getAll', ['id', 'title', 'eventType', 'timestamp']],
			['threatDetection', 'getAll', ['id', 'title', 'risk', 'confidence']],
		] as const) {
			const simple = await ctaRun(1.2, { resource, operation });
			assert.equal(simple.error, undefined, `${resource}: ${simple.error?.message}`);
			assert.ok(simple.items.length > 0, resource);
			for (const item of simple.items) {
				const plain = keys(item).filter((k) => !k.startsWith('_'));
				assert.ok(plain.length <= 10, `${resource}: ${plain.join(',')}`);
				for (const key of must) assert.ok(key in item.json, `${resource} keeps ${key}`);
			}
			const raw = await ctaRun(1.1, { resource, operation });
			assert.ok(keys(raw.items[0]).length > keys(simple.items[0]).length || resource === 'alert', resource);
			const picked = await ctaRun(1.2, { resource, operation, output: 'fields', fields: ['title'] });
			for (const item of picked.items) assert.deepEqual(keys(item).filter((k) => !k.startsWith('_')), ['id', 'title']);
		}
		const lastEvents = await ctaRun(1.2, { resource: 'event', operation: 'getAll', returnAll: true });
		assert.ok('_endCursor' in lastEvents.items.at(-1)!.json, 'the end cursor the node adds is kept');
	});

	it('Both triggers: Simplified from version 1.1, raw on version 1; a security annotation is always whole', async () => {
		const cbcPoll = (typeVersion: number, extra: Json = {}) =>
			pollOnce(helper, { type: 'carbonBlackCloudTrigger', typeVersion, parameters: { event: 'alertCreated', ...extra }, credentials: cbc }, { mode: 'manual' });
		const [simple] = (await cbcPoll(1.1)).items!;
		assert.deepEqual(keys(simple), CBC_SIMPLE.filter((k) => k in simple.json));
		const [raw] = (await cbcPoll(1)).items!;
		assert.ok(keys(raw).length > 25);
		const [picked] = (await cbcPoll(1.1, { output: 'fields', fields: ['severity'] })).items!;
		assert.deepEqual(keys(picked), ['id', 'severity']);

		const ctaPoll = (typeVersion: number, event: string) =>
			pollOnce(helper, { type: 'ciscoGlobalThreatAlertsTrigger', typeVersion, parameters: { event }, credentials: cta }, { mode: 'manual' });
		const [event] = (await ctaPoll(1.1, 'event')).items!;
		assert.ok(keys(event).length <= 10 && 'eventType' in event.json);
		const [eventRaw] = (await ctaPoll(1, 'event')).items!;
		assert.ok(keys(eventRaw).length > keys(event).length);
		const annotations = (await ctaPoll(1.1, 'securityAnnotation')).items ?? [];
		const annotationsV1 = (await ctaPoll(1, 'securityAnnotation')).items ?? [];
		assert.deepEqual(annotations.map((i) => keys(i)), annotationsV1.map((i) => keys(i)));
	});

	it('the editor shows Output on every read from version 1.2 (triggers 1.1), defaulting to Simplified', () => {
		const reads: Record<string, string[]> = {
			carbonBlackCloud: ['alert:search', 'alert:get', 'groupedAlert:search'],
			ciscoGlobalThreatAlerts: ['alert:get', 'alert:getAll', 'alert:getAllByIds', 'event:getAll', 'event:getAllWithThreatDetectionIds', 'event:search', 'threatDetection:getAll', 'threatDetection:searchWithAlertIds'],
		};
		for (const [type, ops] of Object.entries(reads)) {
			const { description } = nodeTypes.getByNameAndVersion(type);
			assert.equal(description.defaultVersion, 1.2);
			for (const op of ops) {
				const [resource, operation] = op.split(':');
				const output = description.properties.filter(
					(p: Json) => p.name === 'output' && p.displayOptions.show.resource[0] === resource && p.displayOptions.show.operation[0] === operation,
				);
				assert.equal(output.length, 1, `${type} ${op}`);
				assert.equal(output[0].default, 'simple');
				assert.deepEqual(output[0].displayOptions.show['@version'], [{ _cnd: { gte: 1.2 } }]);
			}
		}
		for (const type of ['carbonBlackCloudTrigger', 'ciscoGlobalThreatAlertsTrigger']) {
			const { description } = nodeTypes.getByNameAndVersion(type);
			assert.equal(description.defaultVersion, 1.1);
			assert.ok(description.properties.some((p: Json) => p.name === 'output' && p.default === 'simple'));
		}
	});
});
