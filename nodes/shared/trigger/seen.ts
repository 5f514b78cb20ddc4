/**
 * Dedupe keys already emitted, each with the time (or sequence number) it belongs to. A Map, so
 * every string is a key, "__proto__" and "constructor" included; bounded by `cap`.
 */
export class SeenSet {
	private readonly entries = new Map<string, number>();

	/**
	 * From stored state: `[key, at, key, at, …]` (v2: a flat list, so n8n's static data proxies
	 * wrap one array, not one per entry) or `{ key: at }` (v1); undefined when unusable.
	 */
	static from(raw: unknown): SeenSet | undefined {
		if (raw === null || typeof raw !== 'object') return undefined;
		const set = new SeenSet();
		const flat: unknown[] = Array.isArray(raw)
			? raw
			: Object.entries(raw as Record<string, unknown>).flatMap(([key, at]) => [key, at]);
		if (flat.length % 2 !== 0) return undefined;
		for (let i = 0; i < flat.length; i += 2) {
			const key = flat[i];
			const at = flat[i + 1];
			if (typeof key !== 'string' || typeof at !== 'number' || !Number.isFinite(at)) {
				return undefined;
			}
			set.entries.set(key, at);
		}
		return set;
	}

	get size(): number {
		return this.entries.size;
	}

	has(key: string): boolean {
		return this.entries.has(key);
	}

	add(key: string, at: number): void {
		this.entries.set(key, at);
	}

	/** Forgets keys older than `keepFrom`: the next read cannot return them any more. */
	prune(keepFrom: number): void {
		for (const [key, at] of this.entries) if (at < keepFrom) this.entries.delete(key);
	}

	/** Keeps the `max` newest keys. */
	cap(max: number): void {
		if (this.entries.size <= max) return;
		const newest = [...this.entries].sort((a, b) => b[1] - a[1]).slice(0, max);
		this.entries.clear();
		for (const [key, at] of newest) this.entries.set(key, at);
	}

	/** `[key, at, key, at, …]`. */
	toJSON(): Array<string | number> {
		const out: Array<string | number> = [];
		for (const [key, at] of this.entries) out.push(key, at);
		return out;
	}
}
