import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../harness/dist.mts';

const { chunk, fanOut, groupBy, unique } = fromDist('nodes/shared/batch.js');

describe('shared › batch', () => {
	it('chunks a list to the given size', () => {
		assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
		assert.deepEqual(chunk([], 1000), []);
		assert.deepEqual(chunk(Array.from({ length: 2500 }, (_, i) => i), 1000).map((c: number[]) => c.length), [1000, 1000, 500]);
	});

	it('groups item indexes by key in first-seen order', () => {
		const groups = groupBy(
			[
				{ index: 0, value: 'a' },
				{ index: 1, value: 'b' },
				{ index: 2, value: 'a' },
			],
			(v: string) => v,
		);
		assert.deepEqual(groups, [
			{ value: 'a', indexes: [0, 2] },
			{ value: 'b', indexes: [1] },
		]);
	});

	it('fans one outcome per group out to every index, in input order', () => {
		const groups = [
			{ value: 'a', indexes: [0, 3] },
			{ value: 'b', indexes: [1] },
			{ value: 'c', indexes: [2] },
		];
		const calls: string[] = [];
		const out = fanOut(groups, (v: string) => (calls.push(v), v.toUpperCase()));
		assert.deepEqual(out.map((o: any) => [o.index, o.value, o.outcome]), [
			[0, 'a', 'A'],
			[1, 'b', 'B'],
			[2, 'c', 'C'],
			[3, 'a', 'A'],
		]);
		assert.deepEqual(calls, ['a', 'b', 'c'], 'one outcome per group');
	});

	it('keeps unique values in first-seen order', () => {
		assert.deepEqual(unique(['b', 'a', 'b', 'c', 'a']), ['b', 'a', 'c']);
	});
});
