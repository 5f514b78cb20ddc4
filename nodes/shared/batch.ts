/** Vendor-neutral helpers for operations that turn many input items into few bulk requests. */

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/** Groups item indexes by a key (e.g. the serialised payload), keeping first-seen order. */
export function groupBy<T>(
	entries: Array<{ index: number; value: T }>,
	keyOf: (value: T) => string,
) {
	const groups = new Map<string, { value: T; indexes: number[] }>();
	for (const { index, value } of entries) {
		const key = keyOf(value);
		const group = groups.get(key);
		if (group) group.indexes.push(index);
		else groups.set(key, { value, indexes: [index] });
	}
	return [...groups.values()];
}

/** Unique values in first-seen order. */
export function unique<T>(values: T[]): T[] {
	return [...new Set(values)];
}
