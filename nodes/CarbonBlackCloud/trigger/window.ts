/** Pure window arithmetic for the Carbon Black Cloud trigger (all values in ms since epoch). */
export interface PollWindow {
	from: number;
	to: number;
}

export interface WindowSettings {
	settleMs: number;
	overlapMs: number;
}

/** Reads up to `now - settle`, re-reading `overlap` before the watermark to catch late alerts. */
export function computeWindow(
	watermark: number,
	now: number,
	settings: WindowSettings,
): PollWindow | undefined {
	const to = now - settings.settleMs;
	const from = Math.min(watermark, to) - settings.overlapMs;
	if (to <= watermark - settings.overlapMs) return undefined;
	return { from, to };
}
