import type { IDataObject } from 'n8n-workflow';

export interface AlertWindow {
	watermark: number | null;
	floor: number | null;
	seen: Record<string, number>;
}

/** Where the next read starts (exclusive, ms): the watermark minus the overlap, never below the floor. */
export function windowStart(state: AlertWindow, overlapMs: number): number | null {
	if (state.watermark === null) return state.floor;
	const start = state.watermark - overlapMs;
	return state.floor === null ? start : Math.max(state.floor, start);
}

/**
 * Keeps alerts whose key was not emitted before and moves the watermark to the newest timestamp
 * read. Several alerts can share one timestamp, so the seen-set keeps every key the next window
 * (watermark − overlap) can still return, and at most `maxSeen` of them.
 */
export function dedupeAlerts(
	alerts: IDataObject[],
	state: AlertWindow,
	keyOf: (alert: IDataObject) => string,
	timeOf: (alert: IDataObject) => number,
	overlapMs: number,
	maxSeen: number,
): { emit: IDataObject[]; next: AlertWindow } {
	const seen: Record<string, number> = { ...state.seen };
	let watermark = state.watermark;
	const emit: IDataObject[] = [];
	for (const alert of alerts) {
		const key = keyOf(alert);
		const ts = timeOf(alert);
		if (!Number.isNaN(ts) && (watermark === null || ts > watermark)) watermark = ts;
		if (key in seen) continue;
		emit.push(alert);
		if (!Number.isNaN(ts)) seen[key] = ts;
	}
	let kept = Object.entries(seen);
	if (watermark !== null) {
		const keepFrom = watermark - overlapMs;
		kept = kept.filter(([, ts]) => ts >= keepFrom);
	}
	if (kept.length > maxSeen) kept = kept.sort((a, b) => b[1] - a[1]).slice(0, maxSeen);
	return { emit, next: { ...state, watermark, seen: Object.fromEntries(kept) } };
}
