import type { IDataObject } from 'n8n-workflow';

export const STATE_VERSION = 1;

/** What the trigger keeps in workflow static data between polls. */
export interface TriggerState {
	version: number;
	/** Settings that define the stream; a change starts a new baseline. */
	fingerprint: string;
	/** Everything up to this instant (ms) has been read. */
	watermark: number;
	/** Baseline (first activation or Start Date): nothing older is ever emitted. */
	floor: number;
	/** Dedupe keys emitted inside the overlap window, with the timestamp (ms) they belong to. */
	seen: Record<string, number>;
}

export function readState(data: IDataObject, fingerprint: string): TriggerState | undefined {
	const state = data.cbcTrigger as TriggerState | undefined;
	if (!state || state.version !== STATE_VERSION || state.fingerprint !== fingerprint)
		return undefined;
	if (
		typeof state.watermark !== 'number' ||
		typeof state.floor !== 'number' ||
		typeof state.seen !== 'object'
	)
		return undefined;
	return state;
}

export function writeState(data: IDataObject, state: TriggerState): void {
	data.cbcTrigger = state as unknown as IDataObject;
}

/** Short stable hash (FNV-1a) so the fingerprint does not store filter text twice. */
export function fingerprintOf(value: unknown): string {
	const text = JSON.stringify(value);
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16).padStart(8, '0');
}
