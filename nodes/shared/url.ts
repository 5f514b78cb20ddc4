const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Returns the base URL without a trailing slash, or undefined when it is not acceptable:
 * https everywhere, plain http only for loopback hosts (the local simulator).
 */
export function normaliseBaseUrl(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return undefined;
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

/** Joins path segments, percent-encoding each one so `/`, `..`, `?`, `#` cannot change the route. */
export function encodePath(segments: Array<string | number>): string {
	return segments
		.map((segment) => {
			const value = String(segment);
			if (value === '.' || value === '..') return value.replace(/\./g, '%2E');
			return encodeURIComponent(value);
		})
		.join('/');
}
