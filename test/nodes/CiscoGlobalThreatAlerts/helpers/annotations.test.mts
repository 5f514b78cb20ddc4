import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../../harness/dist.mts';

const { joinAnnotations } = fromDist('nodes/CiscoGlobalThreatAlerts/helpers/annotations.js');

describe('Cisco Global Threat Alerts › security annotations › join', () => {
	it('gives every annotation its own objects, even for a detection and alert shared by events', () => {
		const alert = { id: 'a1', risk: 'High', tags: ['x'] };
		const detection = { id: 'd1', alertIds: ['a1'], nested: { score: 9 } };
		const events = [
			{ id: 'e1', threatDetectionIds: ['d1'] },
			{ id: 'e2', threatDetectionIds: ['d1'] },
			{ id: 'e3', threatDetectionIds: [] },
		];
		const out = joinAnnotations(events, new Map([['d1', detection]]), new Map([['a1', alert]]));
		assert.deepEqual(
			out.map((a: any) => a.annotationType),
			['convicting', 'convicting', 'contextual'],
		);
		assert.deepEqual(out[0].threatDetections, [detection]);
		assert.deepEqual(out[1].threatDetections, [detection]);
		assert.deepEqual(out[1].alerts, [alert]);
		assert.notEqual(out[0].threatDetections[0], out[1].threatDetections[0]);
		assert.notEqual(out[0].threatDetections[0].nested, out[1].threatDetections[0].nested);
		assert.notEqual(out[0].alerts[0], out[1].alerts[0]);
		assert.notEqual(out[0].alerts[0].tags, out[1].alerts[0].tags);
		out[0].alerts[0].tags.push('edited');
		assert.deepEqual(out[1].alerts[0].tags, ['x'], 'editing one item leaves the other alone');
	});

	it('copies an event that appears twice', () => {
		const event = { id: 'e1', threatDetectionIds: [] };
		const out = joinAnnotations([event, event], new Map(), new Map());
		assert.notEqual(out[0].event, out[1].event);
		assert.deepEqual(out[0].event, out[1].event);
	});
});
