// The shared polling engine (nodes/shared/trigger): seen-set, versioned and validated state,
// recovery that says what it did, time and sequence streams.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../harness/dist.mts';

const { SeenSet } = fromDist('nodes/shared/trigger/seen.js');
const { loadState, saveState, fingerprintOf } = fromDist('nodes/shared/trigger/state.js');
const { advanceTime, advanceSequence, emptyState, compareSequence } = fromDist('nodes/shared/trigger/streams.js');
const { recoverTimeStream, recoverSequenceStream, attachNotice } = fromDist('nodes/shared/trigger/recover.js');

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const MIN = 60_000;
const expected = (stream = 'time', extra: Record<string, unknown> = {}) => ({ stream, fingerprint: 'fp', tenant: 'tn', now: NOW, maxAheadMs: 5 * MIN, ...extra });
const stored = (values: Record<string, unknown>) => ({ s: { version: 2, stream: 'time', fingerprint: 'fp', tenant: 'tn', savedAt: NOW - MIN, watermark: NOW - 2 * MIN, floor: null, cursor: null, seen: [], ...values } });
const settings = { now: NOW, overlapMs: 10 * MIN, maxSeen: 100 };
const key = (a: any) => a.id;
const time = (a: any) => Date.parse(a.at);

describe('shared › trigger › seen-set', () => {
	it('keeps IDs named like Object.prototype members', () => {
		const seen = new SeenSet();
		const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
		for (const name of names) assert.equal(seen.has(name), false, name);
		names.forEach((name, i) => seen.add(name, i));
		for (const name of names) assert.equal(seen.has(name), true, name);
		const back = SeenSet.from(JSON.parse(JSON.stringify(seen)));
		for (const name of names) assert.equal(back.has(name), true, `${name} after a round trip`);
	});

	it('reads v1 objects and v2 flat lists, and refuses anything else', () => {
		assert.equal(SeenSet.from({ a: 1, b: 2 }).size, 2);
		assert.equal(SeenSet.from(['a', 1, 'b', 2]).size, 2);
		for (const bad of [null, 'x', 5, ['a'], ['a', 'x'], [1, 2], [['a', 1]], { a: 'x' }, { a: null }]) assert.equal(SeenSet.from(bad), undefined, JSON.stringify(bad));
	});

	it('is bounded: prunes by time and keeps the newest', () => {
		const seen = SeenSet.from(['a', 1, 'b', 5, 'c', 9, 'd', 7]);
		seen.prune(5);
		assert.deepEqual(seen.toJSON(), ['b', 5, 'c', 9, 'd', 7]);
		seen.cap(2);
		assert.deepEqual(seen.toJSON(), ['c', 9, 'd', 7]);
	});
});

describe('shared › trigger › state', () => {
	it('round-trips and carries the settings, tenant and save time', () => {
		const data: any = {};
		const state = emptyState('time', 'fp', 'tn', { watermark: NOW - MIN, floor: NOW - 5 * MIN });
		state.seen.add('constructor', NOW - MIN);
		saveState(data, 's', state, NOW);
		const back = loadState(JSON.parse(JSON.stringify(data)), 's', expected());
		assert.equal(back.problem, undefined);
		assert.equal(back.state.watermark, NOW - MIN);
		assert.equal(back.state.seen.has('constructor'), true);
		assert.equal(data.s.savedAt, NOW);
	});

	const corrupt: Array<[string, Record<string, unknown>, RegExp]> = [
		['seen null', { seen: null }, /seen is null/],
		['seen a string', { seen: 'x' }, /seen is/],
		['watermark "abc"', { watermark: 'abc' }, /watermark is "abc"/],
		['watermark {}', { watermark: {} }, /watermark is object/],
		['watermark 1e300', { watermark: 1e300 }, /watermark is 1e\+300/],
		['floor "x"', { floor: 'x' }, /floor is "x"/],
		['far-future watermark', { watermark: NOW + 365 * 86_400_000 }, /lies in the future/],
		['cursor object', { cursor: { evil: 1 } }, /cursor is object/],
		['cursor with a query', { cursor: '1&size=1000' }, /cursor is/],
		['unknown version', { version: 99 }, /unknown state version 99/],
		['another stream kind', { stream: 'sequence' }, /stream is "sequence"/],
	];
	for (const [name, values, detail] of corrupt) {
		it(`names the problem and keeps what is valid: ${name}`, () => {
			const loaded = loadState(stored(values), 's', expected());
			assert.equal(loaded.state, undefined);
			assert.equal(loaded.problem.kind, 'unusable');
			assert.match(loaded.problem.detail, detail);
			assert.equal(loaded.salvage.savedAt, NOW - MIN, 'the save time survives');
		});
	}

	it('a saved state that is not an object at all is unusable, not a crash', () => {
		for (const raw of [null, 'abc', 5, [1, 2]]) {
			const loaded = loadState({ s: raw }, 's', expected());
			assert.equal(loaded.problem.kind, 'unusable', JSON.stringify(raw));
		}
	});

	it('reports changed settings and tenants instead of resetting silently', () => {
		assert.deepEqual(loadState(stored({ fingerprint: 'other' }), 's', expected()).problem, { kind: 'settings-changed', tenantChanged: false });
		assert.deepEqual(loadState(stored({ tenant: 'other' }), 's', expected()).problem, { kind: 'settings-changed', tenantChanged: true });
	});

	it('takes over v1 state of the same settings without a notice', () => {
		const legacy = fingerprintOf(['event', 'host']);
		const v1 = { s: { version: 1, fingerprint: legacy, watermark: NOW - MIN, floor: NOW - 9 * MIN, seen: { a: NOW - MIN, constructor: NOW - MIN } } };
		const loaded = loadState(v1, 's', expected('time', { legacyFingerprint: legacy }));
		assert.equal(loaded.problem, undefined);
		assert.equal(loaded.state.watermark, NOW - MIN);
		assert.equal(loaded.state.seen.size, 2);
	});
});

describe('shared › trigger › recovery', () => {
	const rc = { trigger: 'My Trigger', now: NOW, overlapMs: 10 * MIN, fingerprint: 'fp', tenant: 'tn' };

	it('resumes a time stream from the saved watermark when it is valid, and says so', () => {
		const loaded = loadState(stored({ fingerprint: 'old', watermark: NOW - 30 * MIN }), 's', expected());
		const state = recoverTimeStream(loaded, rc);
		assert.equal(state.watermark, NOW - 30 * MIN);
		assert.match(state.notice, /^My Trigger: its settings changed; it continues from the saved position \(2026-12-01T11:30:00\.000Z\)\.$/);
	});

	it('resumes from the save time when the watermark is garbage, and warns that a few objects may repeat', () => {
		const state = recoverTimeStream(loadState(stored({ watermark: 'abc', seen: null }), 's', expected()), rc);
		assert.equal(state.watermark, NOW - MIN);
		assert.match(state.notice, /unusable \(watermark is "abc"; seen is null\); it continues from when the state was last saved/);
		assert.match(state.notice, /may be emitted a second time/);
	});

	it('falls back to the Start Date, and only then to the late-arrival window, which it names as possible loss', () => {
		const garbage = { s: { version: 'x' } };
		assert.equal(recoverTimeStream(loadState(garbage, 's', expected()), { ...rc, startAt: NOW - 86_400_000 }).watermark, NOW - 86_400_000);
		const last = recoverTimeStream(loadState(garbage, 's', expected()), rc);
		assert.equal(last.watermark, NOW - 10 * MIN);
		assert.match(last.notice, /missed/);
	});

	it('keeps a valid sequence cursor of the same tenant; a new tenant starts a new baseline and says what is not emitted', () => {
		const seq = (values: Record<string, unknown>) => ({ s: { ...stored({ stream: 'sequence', watermark: null, cursor: '123', ...values }).s } });
		const kept = recoverSequenceStream(loadState(seq({ fingerprint: 'x' }), 's', expected('sequence')), rc);
		assert.equal(kept.rebaseline, false);
		assert.equal(kept.state.cursor, '123');
		const moved = recoverSequenceStream(loadState(seq({ tenant: 'x' }), 's', expected('sequence')), rc);
		assert.equal(moved.rebaseline, true);
		assert.match(moved.state.notice, /not emitted/);
		const tampered = recoverSequenceStream(loadState(seq({ cursor: { evil: 1 } }), 's', expected('sequence')), rc);
		assert.equal(tampered.rebaseline, true);
	});

	it('shows a pending notice on the first emitted item, once', () => {
		const state = { ...emptyState('time', 'fp', 'tn'), notice: 'hello' };
		const emit = [{ id: 'a' }, { id: 'b' }];
		const next = attachNotice(emit, state);
		assert.equal(emit[0]._notice, 'hello');
		assert.equal(emit[1]._notice, undefined);
		assert.equal(next.notice, undefined);
		assert.equal(attachNotice([], state).notice, 'hello', 'kept until something is emitted');
	});
});

describe('shared › trigger › time stream', () => {
	const at = (ms: number) => new Date(ms).toISOString();

	it('emits a vendor time from the future once without moving the watermark past now', () => {
		let state = emptyState('time', 'fp', 'tn', { watermark: NOW - 5 * MIN });
		const future = { id: 'future', at: at(NOW + 3_600_000) };
		let result = advanceTime(state, { items: [{ id: 'a', at: at(NOW - MIN) }, future], from: NOW - 15 * MIN, complete: true }, key, time, settings);
		assert.deepEqual(result.emit.map(key), ['a', 'future']);
		assert.equal(result.state.watermark, NOW, 'not an hour ahead');
		state = result.state;
		const later = { ...settings, now: NOW + MIN };
		result = advanceTime(state, { items: [future, { id: 'b', at: at(NOW + 30_000) }], from: NOW - 10 * MIN, complete: true }, key, time, later);
		assert.deepEqual(result.emit.map(key), ['b'], 'the future alert is not emitted again; alerts stamped now still are');
	});

	it('moves to the end of a complete bounded window, else to the newest time read', () => {
		const state = emptyState('time', 'fp', 'tn', { watermark: NOW - 20 * MIN });
		const items = [{ id: 'a', at: at(NOW - 9 * MIN) }];
		assert.equal(advanceTime(state, { items, from: NOW - 30 * MIN, complete: true, readTo: NOW - MIN }, key, time, settings).state.watermark, NOW - MIN);
		const partial = emptyState('time', 'fp', 'tn', { watermark: NOW - 20 * MIN });
		assert.equal(advanceTime(partial, { items, from: NOW - 30 * MIN, complete: false, readTo: NOW - MIN }, key, time, settings).state.watermark, NOW - 9 * MIN);
	});

	it('never moves back and drops objects older than the read asked for', () => {
		const state = emptyState('time', 'fp', 'tn', { watermark: NOW - MIN });
		const result = advanceTime(state, { items: [{ id: 'old', at: at(NOW - 60 * MIN) }], from: NOW - 11 * MIN, complete: true }, key, time, settings);
		assert.equal(result.emit.length, 0);
		assert.equal(result.state.watermark, NOW - MIN);
	});
});

describe('shared › trigger › sequence stream', () => {
	const ev = (id: string, modifiedAt = '2026-12-01T11:00:00Z') => ({ id, modifiedAt });

	it('without an endCursor the same objects are not emitted again on the next poll', () => {
		let state = emptyState('sequence', 'fp', 'tn', { cursor: '100' });
		const keyOf = (i: any) => `${i.id}@${i.modifiedAt}`;
		let result = advanceSequence(state, { items: [ev('a'), ev('b')], endCursor: null }, keyOf, () => undefined, settings);
		assert.deepEqual(result.emit.map((i: any) => i.id), ['a', 'b']);
		assert.equal(result.state.cursor, '100');
		state = result.state;
		result = advanceSequence(state, { items: [ev('a'), ev('b'), ev('a', '2026-12-01T11:05:00Z')], endCursor: null }, keyOf, () => undefined, settings);
		assert.deepEqual(result.emit.map((i: any) => i.modifiedAt), ['2026-12-01T11:05:00Z'], 'only the new version');
	});

	it('moves to the endCursor, or to the highest sequence number the objects carry', () => {
		const state = emptyState('sequence', 'fp', 'tn', { cursor: '99' });
		const keyOf = (i: any) => i.id;
		assert.equal(advanceSequence(state, { items: [ev('a')], endCursor: '105' }, keyOf, () => undefined, settings).state.cursor, '105');
		const fresh = emptyState('sequence', 'fp', 'tn', { cursor: '99' });
		const items = [{ id: 'x', modificationSequenceNumber: 120 }, { id: 'y', modificationSequenceNumber: 1000 }];
		assert.equal(advanceSequence(fresh, { items, endCursor: null }, keyOf, (i: any) => String(i.modificationSequenceNumber), settings).state.cursor, '1000');
		assert.ok(compareSequence('1000', '999') > 0 && compareSequence('0012', '12') === 0);
	});
});
