import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../../harness/dist.mts';

const { computeWindow } = fromDist('nodes/CarbonBlackCloud/trigger/window.js');
const { dedupe } = fromDist('nodes/CarbonBlackCloud/trigger/dedupe.js');

describe('Carbon Black Cloud › trigger › window', () => {
	const settings = { settleMs: 60_000, overlapMs: 300_000 };
	it('reads from watermark minus overlap up to now minus settle', () => {
		assert.deepEqual(computeWindow(1_000_000, 0, 2_000_000, settings), { from: 700_000, to: 1_940_000 });
	});
	it('never reads before the baseline', () => {
		assert.deepEqual(computeWindow(1_000_000, 900_000, 2_000_000, settings), { from: 900_000, to: 1_940_000 });
	});
	it('has nothing to read until the settle delay has passed the watermark', () => {
		assert.equal(computeWindow(1_000_000, 0, 1_050_000, settings), undefined);
	});
});

describe('Carbon Black Cloud › trigger › dedupe', () => {
	const key = (a: any) => a.id;
	const time = (a: any) => a.ts;
	it('emits unseen alerts once and remembers them inside the overlap', () => {
		const { emit, seen } = dedupe([{ id: 'a', ts: 10 }, { id: 'b', ts: 20 }, { id: 'a', ts: 10 }], { b: 20 }, key, time, 5);
		assert.deepEqual(emit.map(key), ['a']);
		assert.deepEqual(seen, { a: 10, b: 20 });
	});
	it('prunes keys the next window can no longer return', () => {
		const { seen } = dedupe([], { old: 1, kept: 50 }, key, time, 40);
		assert.deepEqual(seen, { kept: 50 });
	});
});
