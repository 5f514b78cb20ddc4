import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../../harness/dist.mts';

const { computeWindow } = fromDist('nodes/CarbonBlackCloud/trigger/window.js');

describe('Carbon Black Cloud › trigger › window', () => {
	const settings = { settleMs: 60_000, overlapMs: 300_000 };
	it('reads from watermark minus overlap up to now minus settle', () => {
		assert.deepEqual(computeWindow(1_000_000, 0, 2_000_000, settings), { from: 700_000, to: 1_940_000 });
	});
	it('never reads before the baseline', () => {
		assert.deepEqual(computeWindow(1_000_000, 900_000, 2_000_000, settings), { from: 900_000, to: 1_940_000 });
	});
	it('has no lower limit without a baseline', () => {
		assert.deepEqual(computeWindow(1_000_000, null, 2_000_000, settings), { from: 700_000, to: 1_940_000 });
	});
	it('has nothing to read until the settle delay has passed the watermark', () => {
		assert.equal(computeWindow(1_000_000, 0, 1_050_000, settings), undefined);
	});
});
