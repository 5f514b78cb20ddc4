const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Returns the base URL without a trailing slash, or undefined when it is not acceptable:
 * https everywhere, plain http only for loopback hosts (the local simulator).
 */
export function normaliseBaseUrl(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return undefined;
	// Even an empty query or fragment ("…/?", "…#") would swallow the API path appended later.
	if (/[?#]/.test(raw)) return undefined;
	const trimmed = raw.trim().replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		return undefined;
	}
	if (url.username || url.password || url.search || url.hash) return undefined;
	if (url.protocol === 'https:') return trimmed;
	if (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname)) return trimmed;
	return undefined;
}

/**
 * `.` and `..` are removed or climb a level when a URL is parsed, even percent-encoded, so no
 * encoding keeps them inside their segment: such values are refused before any request.
 */
export function isDotSegment(value: unknown): boolean {
	return value === '.' || value === '..';
}

/** Joins path segments, percent-encoding each one so `/`, `?`, `#` cannot change the route. */
export function encodePath(segments: Array<string | number>): string {
	return segments
		.map((segment) => {
			if (isDotSegment(segment)) throw new Error(`"${String(segment)}" cannot be a path segment`);
			return encodeURIComponent(String(segment));
		})
		.join('/');
}
