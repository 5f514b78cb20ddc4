/**
 * JSON.parse for reply bytes that parses each element of a large top-level array on its own
 * ({"results": [ …9,998 alerts… ]}). The result is what JSON.parse of the whole text gives, but
 * the text in memory is one element at a time: a 30 MB string per page outlives the
 * collections that run while it is parsed and stays in the old generation as garbage until a
 * full collection, which in a fresh process comes only after hundreds of MB (100,000 alerts:
 * peak memory 2.1× the JSON instead of about 1.5×).
 */

/**
 * A top-level array at least this large is parsed element by element. Below it the text is
 * short-lived garbage of bounded size, and one JSON.parse is faster: a 2,500-alert (7.5 MB) reply
 * took 14 ms less per trigger poll parsed whole (about 59 ms against 73 ms here).
 */
export const SPLIT_ARRAY_BYTES = 8 << 20;
/** …unless its elements average fewer bytes than this. */
const MIN_SPLIT_ELEMENT_BYTES = 256;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

function skipSpace(bytes: Buffer, at: number): number {
	while (at < bytes.length && isSpace(bytes[at])) at++;
	return at;
}

/** The index after the string that opens at `at`, or -1. */
function stringEnd(bytes: Buffer, at: number): number {
	let from = at + 1;
	for (;;) {
		const quote = bytes.indexOf(QUOTE, from);
		if (quote < 0) return -1;
		let slashes = 0;
		while (bytes[quote - 1 - slashes] === BACKSLASH) slashes++;
		if (slashes % 2 === 0) return quote + 1;
		from = quote + 1;
	}
}

/** Deepest bracket nesting the last object or array valueEnd scanned reached (1 = itself). */
let scannedDepth = 0;

/**
 * The index after the value that starts at `at`, or -1 when it is not well formed enough to
 * tell. With `commas`, records the commas at the top level of an array value (up to `maxCommas`).
 */
function valueEnd(bytes: Buffer, at: number, commas?: number[], maxCommas = 0): number {
	const first = bytes[at];
	if (first === QUOTE) return stringEnd(bytes, at);
	if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
		let end = at;
		while (end < bytes.length) {
			const byte = bytes[end];
			if (byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY || isSpace(byte)) break;
			end++;
		}
		return end > at ? end : -1;
	}
	let depth = 0;
	scannedDepth = 0;
	for (let i = at; i < bytes.length; i++) {
		const byte = bytes[i];
		if (byte === QUOTE) {
			const end = stringEnd(bytes, i);
			if (end < 0) return -1;
			i = end - 1;
		} else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
			if (++depth > scannedDepth) scannedDepth = depth;
		} else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
			if (--depth === 0) return i + 1;
		} else if (byte === COMMA && depth === 1 && commas && commas.length < maxCommas) commas.push(i);
	}
	return -1;
}

interface Member {
	key: string;
	from: number;
	to: number;
	commas?: number[];
	/** Bracket nesting inside the value (0 for a string, number, true, false or null). */
	depth: number;
}

/** The top-level members of an object, or undefined when the text is not an object we can split. */
function membersOf(bytes: Buffer): Member[] | undefined {
	let at = skipSpace(bytes, 0);
	if (bytes[at] !== OPEN_OBJECT) return undefined;
	const members: Member[] = [];
	at = skipSpace(bytes, at + 1);
	if (bytes[at] === CLOSE_OBJECT) return undefined;
	for (;;) {
		if (bytes[at] !== QUOTE) return undefined;
		const keyEnd = stringEnd(bytes, at);
		if (keyEnd < 0) return undefined;
		const key = JSON.parse(bytes.toString('utf8', at, keyEnd)) as string;
		at = skipSpace(bytes, keyEnd);
		if (bytes[at] !== COLON) return undefined;
		const from = skipSpace(bytes, at + 1);
		const commas: number[] = [];
		const to = valueEnd(bytes, from, bytes[from] === OPEN_ARRAY ? commas : undefined, bytes.length / MIN_SPLIT_ELEMENT_BYTES);
		if (to < 0) return undefined;
		const nested = bytes[from] === OPEN_ARRAY || bytes[from] === OPEN_OBJECT;
		members.push({ key, from, to, commas: bytes[from] === OPEN_ARRAY ? commas : undefined, depth: nested ? scannedDepth : 0 });
		at = skipSpace(bytes, to);
		if (bytes[at] === COMMA) {
			at = skipSpace(bytes, at + 1);
			continue;
		}
		if (bytes[at] !== CLOSE_OBJECT) return undefined;
		return skipSpace(bytes, at + 1) === bytes.length ? members : undefined;
	}
}

/** Bracket nesting of values parseJsonBytes split, as its scan measured it. */
const nestingOf = new WeakMap<object, number>();

/**
 * How many levels of objects and arrays a value from parseJsonBytes has (the outermost counts
 * as 1), when its byte scan measured it; undefined otherwise.
 */
export function scannedNesting(value: unknown): number | undefined {
	return value !== null && typeof value === 'object' ? nestingOf.get(value) : undefined;
}

/** Parses UTF-8 JSON bytes (no byte order mark) exactly as JSON.parse would; throws as it does. */
export function parseJsonBytes(bytes: Buffer): unknown {
	const members = bytes.length >= SPLIT_ARRAY_BYTES ? membersOf(bytes) : undefined;
	const split =
		members?.filter((m) => m.commas &&
				m.to - m.from >= SPLIT_ARRAY_BYTES &&
				bytes[m.to - 1] === CLOSE_ARRAY &&
				// Many tiny elements parse faster whole.
				m.commas.length < (m.to - m.from) / MIN_SPLIT_ELEMENT_BYTES) ?? [];
	const once = (key: string) => members!.filter((m) => m.key === key).length === 1;
	if (split.length > 0 && split.every((m) => once(m.key))) {
		try {
			const value = parseSplit(bytes, split);
			// The scan saw every bracket: the whole reply's nesting is known (+1: the object itself).
			nestingOf.set(value as object, 1 + Math.max(...members!.map((m) => m.depth)));
			return value;
		} catch {
			// Not JSON after all: JSON.parse below says why.
		}
	}
	return JSON.parse(bytes.toString('utf8'));
}

/** The object with each large array left empty, then each array filled element by element. */
function parseSplit(bytes: Buffer, split: Member[]): unknown {
	const skeleton: string[] = [];
	let at = 0;
	for (const member of split) {
		skeleton.push(bytes.toString('utf8', at, member.from), '[]');
		at = member.to;
	}
	skeleton.push(bytes.toString('utf8', at));
	const result = JSON.parse(skeleton.join('')) as Record<string, unknown>;
	for (const member of split) {
		const list = result[member.key];
		if (!Array.isArray(list) || list.length > 0) throw new Error('not the array that was split');
		const commas = member.commas!;
		if (commas.length === 0 && skipSpace(bytes, member.from + 1) === member.to - 1) continue;
		// The elements partition the array's text: each must be one JSON value.
		let from = member.from;
		for (const comma of commas) {
			list.push(JSON.parse(bytes.toString('utf8', from + 1, comma)));
			from = comma;
		}
		list.push(JSON.parse(bytes.toString('utf8', from + 1, member.to - 1)));
	}
	return result;
}
