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

/**
 * Hands each group's outcome to every input index of the group, in input order, so duplicate
 * inputs share one result.
 */
export function fanOut<T, R>(
	groups: Array<{ value: T; indexes: number[] }>,
	outcomeOf: (value: T) => R,
): Array<{ index: number; value: T; outcome: R }> {
	const out: Array<{ index: number; value: T; outcome: R }> = [];
	for (const group of groups) {
		const outcome = outcomeOf(group.value);
		for (const index of group.indexes) out.push({ index, value: group.value, outcome });
	}
	return out.sort((a, b) => a.index - b.index);
}

/**
 * Appends `source` to `target` one by one: `target.push(...source)` passes every element as a
 * call argument and overflows the stack for lists of ~100,000 and more.
 */
export function append<T>(target: T[], source: readonly T[]): T[] {
	for (let i = 0; i < source.length; i++) target.push(source[i]);
	return target;
}
