import type { IDataObject } from 'n8n-workflow';

export const STATE_VERSION = 1;
const KEY = 'ctaTrigger';

/** What the trigger keeps in workflow static data between polls. */
export interface TriggerState {
	version: number;
	/** Settings that define the stream; a change starts a new baseline. */
	fingerprint: string;
	/** Alert events: newest triggeredAt / modifiedAt read so far (ms), null before the first alert. */
	watermark: number | null;
	/** Alert events: nothing at or before this instant (ms) is ever emitted; null = no limit. */
	floor: number | null;
	/** Alert events: dedupe keys inside the late-arrival window, with their timestamp (ms). */
	seen: Record<string, number>;
	/** Sequence events: the modificationSequenceNumber endCursor read up to; null = the start. */
	cursor: string | null;
}

export function readState(data: IDataObject, fingerprint: string): TriggerState | undefined {
	const state = data[KEY] as TriggerState | undefined;
	if (!state || state.version !== STATE_VERSION || state.fingerprint !== fingerprint)
		return undefined;
	if (typeof state.seen !== 'object' || state.seen === null) return undefined;
	return state;
}

export function writeState(data: IDataObject, state: TriggerState): void {
	data[KEY] = state as unknown as IDataObject;
}

export function newState(fingerprint: string, values: Partial<TriggerState> = {}): TriggerState {
	return {
		version: STATE_VERSION,
		fingerprint,
		watermark: null,
		floor: null,
		seen: {},
		cursor: null,
		...values,
	};
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
