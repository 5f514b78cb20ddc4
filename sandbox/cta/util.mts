// Small helpers shared by the CTA simulator files.

import type { SandboxResponse } from '../types.mts';

/** Thrown by route handlers; turned into a JSON error response by the router. */
export class ApiError extends Error {
	constructor(
		public readonly status: number,
		message: string,
		public readonly error: string,
		public readonly extra: Record<string, unknown> = {},
		public readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

export function errorResponse(e: ApiError): SandboxResponse {
	return {
		status: e.status,
		body: { message: e.message, error: e.error, code: e.status, ...e.extra },
		headers: Object.keys(e.headers).length ? e.headers : undefined,
	};
}

export const badRequest = (message: string, extra?: Record<string, unknown>) =>
	new ApiError(400, message, 'bad_request', extra);
export const notFound = (message: string) => new ApiError(404, message, 'not_found');

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Deterministic random helpers over a `() => number` stream. */
export class Rand {
	constructor(private readonly r: () => number) {}
	next(): number {
		return this.r();
	}
	int(min: number, max: number): number {
		return min + Math.floor(this.r() * (max - min + 1));
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.r() * items.length)];
	}
	chance(p: number): boolean {
		return this.r() < p;
	}
	weighted<T>(items: readonly T[], weights: readonly number[]): T {
		let total = 0;
		for (const w of weights) total += w;
		let x = this.r() * total;
		for (let i = 0; i < items.length; i++) {
			x -= weights[i];
			if (x < 0) return items[i];
		}
		return items[items.length - 1];
	}
	/** 8 hex digits from one draw */
	hex8(): string {
		const n = Math.floor(this.r() * 0x100000000);
		return HEX[n >>> 24] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
	}
	hex(len: number): string {
		let s = '';
		while (s.length < len) s += this.hex8();
		return s.length === len ? s : s.slice(0, len);
	}
	uuid(): string {
		const a = this.hex8();
		const b = this.hex8();
		const c = this.hex8();
		const d = this.hex8();
		return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[this.int(0, 3)]}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
	}
	alnum(len: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
		let s = '';
		for (let i = 0; i < len; i++) s += alphabet[Math.floor(this.r() * alphabet.length)];
		return s;
	}
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parse an RFC 3339 section 5.6 date-time (e.g. 2020-09-05T12:00:00Z, 2020-09-05T12:00:00.123+02:00).
 * Returns ms since epoch (may carry a sub-millisecond fraction) or undefined when invalid.
 */
export function parseRfc3339(s: string): number | undefined {
	const m = RFC3339.exec(s);
	if (!m) return undefined;
	const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60) return undefined;
	const day = new Date(Date.UTC(y, mo - 1, d));
	if (day.getUTCDate() !== d) return undefined;
	let ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(sec, 59));
	if (m[7]) ms += Number(`0${m[7]}`) * 1000;
	const tz = m[8];
	if (tz !== 'Z' && tz !== 'z') {
		const sign = tz[0] === '-' ? -1 : 1;
		const oh = Number(tz.slice(1, 3));
		const om = Number(tz.slice(4, 6));
		if (oh > 23 || om > 59) return undefined;
		ms -= sign * (oh * 60 + om) * 60000;
	}
	return ms;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Read a time value given as ISO string or epoch ms (control API convenience). */
export function timeOption(v: unknown, name: string): number | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v === 'number' && Number.isFinite(v)) return Math.floor(v);
	if (typeof v === 'string') {
		const t = parseRfc3339(v);
		if (t !== undefined) return Math.floor(t);
	}
	throw badRequest(`${name} must be an RFC 3339 date-time or epoch milliseconds`);
}

export function intOption(v: unknown, name: string, min: number, max: number): number | undefined {
	if (v === undefined || v === null) return undefined;
	const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
		throw badRequest(`${name} must be an integer between ${min} and ${max}`);
	return n;
}
