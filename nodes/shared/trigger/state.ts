import type { IDataObject } from 'n8n-workflow';

import { SeenSet } from './seen';

export const STATE_VERSION = 2;

/** Largest magnitude a JavaScript date may have (ms). */
const MAX_TIME = 8.64e15;
/** Cursors are vendor tokens: sequence numbers, "High,<uuid>", ids. Nothing else is sent back. */
const CURSOR = /^[\w.,:+=-]{1,256}$/;

export type StreamKind = 'time' | 'sequence';

/** What a trigger keeps between polls, validated on every read. */
export interface StreamState {
	stream: StreamKind;
	/** The trigger's settings (event, filters, host…): a change is reported, never silent. */
	fingerprint: string;
	/** Host and org / customer: a sequence cursor is only meaningful on the same tenant. */
	tenant: string;
	/** Time streams: everything up to this instant (ms) was read; null before the first object. */
	watermark: number | null;
	/** Time streams: nothing before this instant (ms) is ever emitted; null = no limit. */
	floor: number | null;
	/**
	 * Time streams: a poll stopped by its budget read up to here (ms); the next poll goes on from
	 * this instant instead of re-reading the late-arrival window, so a burst drains.
	 */
	resumeFrom?: number;
	/** Sequence streams: the vendor cursor read up to; null = the start. */
	cursor: string | null;
	/** Sequence streams: set while the first activation is still finding the end of the stream. */
	baseline?: { after: string | null };
	seen: SeenSet;
	/** A recovery notice not yet shown to the user (on the next emitted item). */
	notice?: string;
}

export type StateProblem =
	| { kind: 'first' }
	| { kind: 'settings-changed'; tenantChanged: boolean }
	| { kind: 'unusable'; detail: string };

/** The parts of unusable or outdated state that are still valid, for a recovery without loss. */
export interface Salvage {
	watermark?: number;
	floor?: number | null;
	cursor?: string | null;
	seen?: SeenSet;
	/** When the state was last written (ms): a safe place to resume a time stream from. */
	savedAt?: number;
}

export interface LoadedState {
	state?: StreamState;
	problem?: StateProblem;
	salvage: Salvage;
}

export interface Expected {
	stream: StreamKind;
	fingerprint: string;
	tenant: string;
	now: number;
	/** How far ahead of the clock a saved time may be before it is not believed. */
	maxAheadMs: number;
	/** The fingerprint the v1 trigger computed for the same settings and tenant. */
	legacyFingerprint?: string;
}

const isTime = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_TIME;

const describe = (value: unknown): string => {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return `"${value.slice(0, 40)}"`;
	if (typeof value === 'number') return String(value);
	return typeof value;
};

/**
 * Reads the state under `key` (v2, or v1 of the previous trigger versions) and checks every
 * field. Nothing unusable is used: the result names the problem and carries what is still valid.
 */
export function loadState(data: IDataObject, key: string, expected: Expected): LoadedState {
	const raw = data[key] as unknown;
	if (raw === undefined) return { problem: { kind: 'first' }, salvage: {} };
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		return {
			problem: { kind: 'unusable', detail: `the saved state is ${describe(raw)}` },
			salvage: {},
		};
	}
	const record = raw as Record<string, unknown>;
	const problems: string[] = [];
	const salvage: Salvage = {};

	if (record.version !== STATE_VERSION && record.version !== 1) {
		problems.push(`unknown state version ${describe(record.version)}`);
	}
	if (isTime(record.savedAt) && record.savedAt <= expected.now + expected.maxAheadMs) {
		salvage.savedAt = Math.min(record.savedAt, expected.now);
	}
	const time = (name: 'watermark' | 'floor' | 'resumeFrom'): number | null | undefined => {
		const value = record[name];
		if (value === null || value === undefined) return null;
		if (!isTime(value)) {
			problems.push(`${name} is ${describe(value)}`);
			return undefined;
		}
		if (value > expected.now + expected.maxAheadMs) {
			problems.push(`${name} ${new Date(value).toISOString()} lies in the future`);
			return undefined;
		}
		return value;
	};
	const watermark = time('watermark');
	const floor = time('floor');
	const resumeFrom = time('resumeFrom');
	if (typeof watermark === 'number') salvage.watermark = watermark;
	if (floor !== undefined) salvage.floor = floor;

	let cursor: string | null | undefined = null;
	if (record.cursor !== null && record.cursor !== undefined) {
		if (typeof record.cursor === 'string' && CURSOR.test(record.cursor)) cursor = record.cursor;
		else {
			problems.push(`cursor is ${describe(record.cursor)}`);
			cursor = undefined;
		}
	}
	if (cursor !== undefined) salvage.cursor = cursor;

	const seen = SeenSet.from(record.seen === undefined ? [] : record.seen);
	if (!seen) problems.push(`seen is ${describe(record.seen)}`);
	else salvage.seen = seen;

	let baseline: { after: string | null } | undefined;
	if (record.baseline !== undefined) {
		const after = (record.baseline as Record<string, unknown> | null)?.after;
		if (after === null || (typeof after === 'string' && CURSOR.test(after))) {
			baseline = { after };
		} else problems.push('baseline progress is not valid');
	}

	const stream = record.version === 1 ? expected.stream : record.stream;
	if (stream !== expected.stream) problems.push(`stream is ${describe(record.stream)}`);
	if (problems.length) {
		return { problem: { kind: 'unusable', detail: problems.join('; ') }, salvage };
	}

	// v1 (one fingerprint of settings and tenant, no savedAt) is taken over as is when that
	// fingerprint matches: nothing is lost and nothing needs saying.
	const v1 = record.version === 1;
	const v1Matches = v1 && record.fingerprint === expected.legacyFingerprint;
	const tenant = v1Matches ? expected.tenant : String(record.tenant ?? '');
	const fingerprint = v1Matches ? expected.fingerprint : String(record.fingerprint ?? '');
	if (fingerprint !== expected.fingerprint || tenant !== expected.tenant) {
		return {
			problem: { kind: 'settings-changed', tenantChanged: v1 || tenant !== expected.tenant },
			salvage,
		};
	}
	return {
		state: {
			stream: expected.stream,
			fingerprint,
			tenant,
			watermark: watermark ?? null,
			floor: floor ?? null,
			resumeFrom: typeof resumeFrom === 'number' ? resumeFrom : undefined,
			cursor: cursor ?? null,
			baseline,
			seen: seen!,
			notice: typeof record.notice === 'string' ? record.notice : undefined,
		},
		salvage,
	};
}

export function saveState(data: IDataObject, key: string, state: StreamState, now: number): void {
	const stored: IDataObject = {
		version: STATE_VERSION,
		stream: state.stream,
		fingerprint: state.fingerprint,
		tenant: state.tenant,
		savedAt: now,
		watermark: state.watermark,
		floor: state.floor,
		cursor: state.cursor,
		seen: state.seen.toJSON() as unknown as IDataObject[],
	};
	if (state.resumeFrom !== undefined) stored.resumeFrom = state.resumeFrom;
	if (state.baseline) stored.baseline = { after: state.baseline.after };
	if (state.notice) stored.notice = state.notice;
	data[key] = stored;
}

/** Short stable hash (FNV-1a) of the stream settings. */
export function fingerprintOf(value: unknown): string {
	const text = JSON.stringify(value);
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16).padStart(8, '0');
}
