import type { IDataObject } from 'n8n-workflow';

export interface DedupeResult {
	emit: IDataObject[];
	seen: Record<string, number>;
}

/**
 * Keeps alerts whose key was not emitted before, and returns the seen-set pruned to the
 * entries that the next window (starting at `keepFrom`) can still return.
 */
export function dedupe(
	alerts: IDataObject[],
	seen: Record<string, number>,
	keyOf: (alert: IDataObject) => string,
	timeOf: (alert: IDataObject) => number,
	keepFrom: number,
): DedupeResult {
	const next: Record<string, number> = {};
	for (const [key, ts] of Object.entries(seen)) if (ts >= keepFrom) next[key] = ts;
	const emit: IDataObject[] = [];
	for (const alert of alerts) {
		const key = keyOf(alert);
		if (key in seen || key in next) continue;
		const ts = timeOf(alert);
		if (!Number.isNaN(ts) && ts >= keepFrom) next[key] = ts;
		emit.push(alert);
	}
	return { emit, seen: next };
}
