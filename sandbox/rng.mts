// Deterministic PRNG helpers: every stream is keyed by (seed, stream name).

/** 32-bit FNV-1a hash of a string. */
export function hashString(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** mulberry32: small, fast, good enough for test data. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function streamRandom(seed: number, stream: string): () => number {
	return mulberry32(hashString(`${seed}:${stream}`));
}

const HEX = '0123456789abcdef';

/** Convenience wrapper with the helpers data generators need. */
export class Rng {
	constructor(public readonly next: () => number) {}
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	/** Weighted pick: weights aligned with items. */
	weighted<T>(items: readonly T[], weights: readonly number[]): T {
		let total = 0;
		for (const w of weights) total += w;
		let r = this.next() * total;
		for (let i = 0; i < items.length; i++) {
			r -= weights[i];
			if (r < 0) return items[i];
		}
		return items[items.length - 1];
	}
	hex(len: number): string {
		let s = '';
		for (let i = 0; i < len; i++) s += HEX[(this.next() * 16) | 0];
		return s;
	}
	uuid(): string {
		const h = this.hex(32);
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}
	alnum(len: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
		let s = '';
		for (let i = 0; i < len; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
		return s;
	}
}
