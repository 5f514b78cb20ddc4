import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../../harness/dist.mts';

const { dedupeAlerts, windowStart } = fromDist('nodes/CiscoGlobalThreatAlerts/trigger/dedupe.js');

const alert = (id: string, t: number) => ({ id, t });
const keyOf = (a: { id: string }) => a.id;
const timeOf = (a: { t: number }) => a.t;

describe('Cisco Global Threat Alerts › trigger › dedupe', () => {
	it('starts the next read at watermark minus overlap, never below the floor', () => {
		const cases: Array<[number | null, number | null, number | null]> = [
			// watermark, floor, expected start (overlap 100)
			[null, null, null],
			[null, 500, 500],
			[1000, null, 900],
			[1000, 950, 950],
			[1000, 800, 900],
		];
		for (const [watermark, floor, expected] of cases)
			assert.equal(windowStart({ watermark, floor, seen: {} }, 100), expected, `${watermark}/${floor}`);
	});

	it('emits unseen alerts, including several sharing the watermark instant, and each only once', () => {
		const first = dedupeAlerts([alert('a', 1000), alert('b', 1000)], { watermark: 900, floor: null, seen: {} }, keyOf, timeOf, 100, 10);
		assert.deepEqual(first.emit.map(keyOf), ['a', 'b']);
		assert.equal(first.next.watermark, 1000);
		const second = dedupeAlerts([alert('a', 1000), alert('b', 1000), alert('c', 1000), alert('d', 1050)], first.next, keyOf, timeOf, 100, 10);
		assert.deepEqual(second.emit.map(keyOf), ['c', 'd']);
		assert.deepEqual(second.next.seen, { a: 1000, b: 1000, c: 1000, d: 1050 });
	});

	it('keeps only keys the next window can return, and at most maxSeen of the newest', () => {
		const { next } = dedupeAlerts([alert('old', 100), alert('edge', 900), alert('new', 1000)], { watermark: null, floor: null, seen: { older: 50 } }, keyOf, timeOf, 100, 10);
		assert.deepEqual(next.seen, { edge: 900, new: 1000 });
		const capped = dedupeAlerts([alert('x', 990), alert('y', 995), alert('z', 1000)], { watermark: null, floor: null, seen: {} }, keyOf, timeOf, 100, 2);
		assert.deepEqual(capped.next.seen, { y: 995, z: 1000 });
	});

	it('never moves the watermark backwards', () => {
		const { emit, next } = dedupeAlerts([alert('late', 500)], { watermark: 1000, floor: null, seen: {} }, keyOf, timeOf, 600, 10);
		assert.deepEqual(emit.map(keyOf), ['late']);
		assert.equal(next.watermark, 1000);
	});
});
