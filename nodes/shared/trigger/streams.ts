import type { IDataObject } from 'n8n-workflow';

import { SeenSet } from './seen';
import type { StreamState } from './state';

export interface StreamSettings {
	now: number;
	/** Late-arrival window: how far before the watermark each read starts again. */
	overlapMs: number;
	/** Most dedupe keys kept between polls. */
	maxSeen: number;
}

export interface Emitted {
	emit: IDataObject[];
	state: StreamState;
}

/**
 * Every emitted object carries its dedupe key as `_eventId` (the ID, plus the update time or
 * sequence number for streams of changes): if n8n's commit order ever repeats an item after a
 * crash, a downstream step can drop the repeat by this stable key.
 */
function withEventId(item: IDataObject, key: string): IDataObject {
	return { ...item, _eventId: key };
}

/** One read of a time stream, objects oldest first. */
export interface TimeRead {
	items: IDataObject[];
	/** Lower end of what was asked for (ms): older objects are outside the read and not emitted. */
	from: number | null;
	/** The whole window was read (no budget or page cap stopped it). */
	complete: boolean;
	/** Upper end of the window (ms) when it is bounded (Carbon Black: now − settle delay). */
	readTo?: number;
}

/**
 * Emits the objects of a time read that were not emitted before, and moves the watermark:
 * to the end of the window after a complete bounded read, else to the newest time read (and an
 * incomplete read sets `resumeFrom` there). A time
 * ahead of the clock never moves the watermark past now (a vendor stamp from 2099 would blind
 * the stream for decades): such objects are emitted once and stay in the seen-set.
 */
export function advanceTime(
	state: StreamState,
	read: TimeRead,
	keyOf: (item: IDataObject) => string,
	timeOf: (item: IDataObject) => number,
	settings: StreamSettings,
): Emitted {
	const seen = state.seen;
	const emit: IDataObject[] = [];
	let newest = Number.NEGATIVE_INFINITY;
	for (const item of read.items) {
		const ts = timeOf(item);
		const valid = Number.isFinite(ts);
		if (valid && read.from !== null && ts < read.from) continue;
		if (valid) newest = Math.max(newest, Math.min(ts, settings.now));
		const key = keyOf(item);
		if (seen.has(key)) continue;
		seen.add(key, valid ? ts : settings.now);
		emit.push(withEventId(item, key));
	}
	let watermark = state.watermark ?? Number.NEGATIVE_INFINITY;
	if (read.complete && read.readTo !== undefined) watermark = Math.max(watermark, read.readTo);
	else watermark = Math.max(watermark, newest);
	const next = Number.isFinite(watermark) ? watermark : state.watermark;
	if (next !== null)
		seen.prune(Math.max(state.floor ?? Number.NEGATIVE_INFINITY, next - settings.overlapMs));
	seen.cap(settings.maxSeen);
	// A read stopped by the budget goes on from its newest time next poll (ties there are in the
	// seen-set); a complete read lets the next one start at the late-arrival window again.
	const resumeFrom = read.complete
		? undefined
		: Number.isFinite(newest)
			? newest
			: state.resumeFrom;
	return { emit, state: { ...state, watermark: next, seen, resumeFrom } };
}

/** One read of a sequence stream (Cisco modificationSequenceNumber order). */
export interface SequenceRead {
	items: IDataObject[];
	/** The vendor's endCursor of the last page read, if it gave one. */
	endCursor: string | null;
}

const SEQUENCE = /^\d{1,30}$/;

/**
 * Emits objects not emitted before (key: id and sequence number) and moves the cursor to the
 * vendor's endCursor, or, when the vendor gave none, to the highest sequence number read; with
 * neither the cursor stays and the seen-set keeps the same objects from being emitted again.
 */
export function advanceSequence(
	state: StreamState,
	read: SequenceRead,
	keyOf: (item: IDataObject) => string,
	sequenceOf: (item: IDataObject) => string | undefined,
	settings: Pick<StreamSettings, 'maxSeen' | 'now'>,
): Emitted {
	const seen = state.seen;
	const emit: IDataObject[] = [];
	let highest: string | undefined;
	read.items.forEach((item, index) => {
		const sequence = sequenceOf(item);
		if (sequence !== undefined && SEQUENCE.test(sequence)) {
			if (highest === undefined || compareSequence(sequence, highest) > 0) highest = sequence;
		}
		const key = keyOf(item);
		if (seen.has(key)) return;
		seen.add(key, settings.now + index / 1e6);
		emit.push(withEventId(item, key));
	});
	let cursor = state.cursor;
	if (read.endCursor !== null && read.endCursor !== '') cursor = read.endCursor;
	else if (
		highest !== undefined &&
		(cursor === null || !SEQUENCE.test(cursor) || compareSequence(highest, cursor) > 0)
	) {
		cursor = highest;
	}
	seen.cap(settings.maxSeen);
	return { emit, state: { ...state, cursor, seen } };
}

/** Compares two decimal sequence numbers of any length. */
export function compareSequence(a: string, b: string): number {
	const x = a.replace(/^0+(?=\d)/, '');
	const y = b.replace(/^0+(?=\d)/, '');
	if (x.length !== y.length) return x.length - y.length;
	return x < y ? -1 : x > y ? 1 : 0;
}

export function emptyState(
	stream: StreamState['stream'],
	fingerprint: string,
	tenant: string,
	values: Partial<StreamState> = {},
): StreamState {
	return {
		stream,
		fingerprint,
		tenant,
		watermark: null,
		floor: null,
		cursor: null,
		seen: new SeenSet(),
		...values,
	};
}
