import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromDist } from '../../harness/dist.mts';

const { parseJsonBytes, scannedNesting, SPLIT_ARRAY_BYTES } = fromDist('nodes/shared/json.js');

/** Levels of objects and arrays (the outermost is 1), as n8n would have to store them. */
function nesting(value: unknown): number {
	if (value === null || typeof value !== 'object') return 0;
	return 1 + Math.max(0, ...Object.values(value as object).map(nesting));
}

/** The length of the longest text JSON.parse was given while `run` ran. */
function longestParsed(run: () => unknown): number {
	const parse = JSON.parse;
	let longest = 0;
	JSON.parse = (text: string, reviver?: any) => {
		longest = Math.max(longest, text.length);
		return parse(text, reviver);
	};
	try {
		run();
	} catch {
		// the caller checks errors
	} finally {
		JSON.parse = parse;
	}
	return longest;
}

/** parseJsonBytes must give what JSON.parse gives, or throw as it does. */
function same(text: string, split = false) {
	if (split) assert.ok(longestParsed(() => parseJsonBytes(Buffer.from(text, 'utf8'))) < 100_000, 'parsed element by element');
	let expected: unknown;
	let expectedError: unknown;
	try {
		expected = JSON.parse(text);
	} catch (error) {
		expectedError = error;
	}
	const bytes = Buffer.from(text, 'utf8');
	if (expectedError) {
		assert.throws(() => parseJsonBytes(bytes), SyntaxError, text.slice(0, 80));
	} else {
		const actual = parseJsonBytes(bytes);
		assert.deepEqual(actual, expected, text.slice(0, 80));
		if (actual && typeof actual === 'object' && !Array.isArray(actual)) {
			assert.deepEqual(Object.keys(actual), Object.keys(expected as object));
			assert.equal(Object.getPrototypeOf(actual), Object.prototype);
		}
	}
}

// Elements large enough, and enough of them, that the arrays are split element by element.
const alert = (i: number) => ({
	id: `a-${i}`,
	reason: `quote " backslash \\ brace } bracket ] comma , unicode ü 🛡️ ${'x'.repeat(300)}`,
	nested: [{ a: [1, 2, { b: '}]' }] }, [], {}],
	n: i * 1.5,
	ok: i % 2 === 0,
	none: null,
});
const alerts = Array.from({ length: Math.ceil((SPLIT_ARRAY_BYTES * 1.2) / JSON.stringify(alert(0)).length) }, (_, i) => alert(i));
const big = JSON.stringify(alerts);

describe('shared › json: parseJsonBytes', () => {
	it('a large reply with a results array is parsed as JSON.parse parses it', () => {
		same(JSON.stringify({ num_found: 4_000, results: alerts, cursor: 'x' }), true);
		same(`\n { "results" : ${big.replace(/},{/g, '} ,\n\t{')} , "num_found":4000 }\r\n`, true);
		same(JSON.stringify({ a: alerts, b: alerts, c: [big] }));
		same(JSON.stringify({ a: alerts, b: alerts }), true);
		same(`{"__proto__": ${big}, "x": 1}`, true);
		same(`{"results": [${' '.repeat(SPLIT_ARRAY_BYTES + 1)}]}`);
		same(`{"s": "\\\\", "results": ${big}, "t": "\\"\\\\\\""}`, true);
		// A key twice: JSON.parse keeps the last; parsed whole.
		same(`{"results": ${big}, "results": []}`);
		same(`{"results": [], "results": ${big}}`);
	});

	it('a large reply that is not JSON throws as JSON.parse does', () => {
		for (const broken of [
			`{"results": ${big.slice(0, -1)},]}`,
			`{"results": ${big.slice(0, -1)}}}`,
			`{"results": ${big.slice(0, -1)}, }`,
			`{"results": [,${big.slice(1)}}`,
			`{"results": ${big.replace('},{', '} {')}}`,
			`{"results": ${big.replace('},{', '}]}{')}}`,
			`{"results": ${big.slice(0, -1)}}`,
			`{"results": ${big}} x`,
			`{"results": ${big}, "x": }`,
			`{"results": ${big.replace('"a-7"', '"a-7\u0001"')}}`,
			`{"results": ${big.replace('1.5', '1.5.5')}}`,
			`{results: ${big}}`,
		]) {
			same(broken);
		}
	});

	it('a split reply knows its nesting from the scan; other replies leave it to the caller', () => {
		const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
		for (const text of [
			JSON.stringify({ num_found: 4_000, results: alerts }),
			`{"results": ${big.replace('"n":0', `"n":${deep(70)}`)}, "x": {"y": [1]}}`,
			`{"meta": {"a": {"b": {"c": ${deep(80)}}}}, "results": ${big}}`,
		]) {
			const value = parseJsonBytes(Buffer.from(text, 'utf8'));
			assert.equal(scannedNesting(value), nesting(value), text.slice(0, 60));
		}
		assert.equal(scannedNesting(parseJsonBytes(Buffer.from('{"results":[{"a":[1]}]}'))), undefined, 'a small reply is not scanned');
		assert.equal(scannedNesting(parseJsonBytes(Buffer.from(big))), undefined, 'a top-level array is not split');
	});

	it('other shapes are parsed whole', () => {
		for (const text of [big, `"${'x'.repeat(SPLIT_ARRAY_BYTES + 1)}"`, '{}', '[]', '1', 'null', '{"a":1}', JSON.stringify({ results: Array(Math.ceil(SPLIT_ARRAY_BYTES / 2)).fill(1) })]) {
			same(text);
		}
	});
});
