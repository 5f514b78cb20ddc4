/** Pure window arithmetic for the Carbon Black Cloud trigger (all values in ms since epoch). */
export interface PollWindow {
	from: number;
	to: number;
}

export interface WindowSettings {
	settleMs: number;
	overlapMs: number;
}

/**
 * Reads up to `now - settle`, re-reading `overlap` before the watermark to catch alerts that
 * became searchable late, but never before the baseline (`floor`, null = none).
 */
export function computeWindow(
	watermark: number,
	floor: number | null,
	now: number,
	settings: WindowSettings,
): PollWindow | undefined {
	const to = now - settings.settleMs;
	if (to <= watermark) return undefined;
	return { from: Math.max(floor ?? Number.NEGATIVE_INFINITY, watermark - settings.overlapMs), to };
}
