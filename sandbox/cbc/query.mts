// A Lucene subset for v7 `query`: field:value, "phrases", AND/OR/NOT/&&/||/!, -/+ prefixes,
// parentheses (also field:(a OR b)), wildcards * and ?, ranges [a TO b] / {a TO b} with *, bare terms.
// The default operator between clauses is AND.
// compileQuery() works on alerts (sandbox/cbc/fields.mts); compileDocQuery() on any document kind
// with its own field registry (devices: sandbox/cbc/devices.mts, observations: observations.mts).

import type { StoredAlert } from './data.mts';
import { DEFAULT_TEXT_FIELDS, FIELDS, QUERY_ALIASES, type FieldKind } from './fields.mts';

/** How a query reads one field of a document of type T. */
export interface DocFieldDef<T> {
	kind: FieldKind;
	get(doc: T): unknown; // scalar, array or null
	enum?: readonly string[];
}

/** A document kind the query language can search: its fields, aliases and the fields bare terms search. */
export interface QuerySchema<T> {
	fields: Record<string, DocFieldDef<T>>;
	aliases?: Record<string, string>;
	defaults: readonly string[];
}

const ALERT_SCHEMA: QuerySchema<StoredAlert> = { fields: FIELDS, aliases: QUERY_ALIASES, defaults: DEFAULT_TEXT_FIELDS };

export class QueryError extends Error {
	constructor(
		public kind: 'syntax' | 'field',
		message: string,
	) {
		super(message);
	}
}

type Token =
	| { t: '(' | ')' | '-' | '+' | 'AND' | 'OR' | 'NOT' }
	| { t: 'field'; name: string }
	| { t: 'word'; v: string; wild: boolean }
	| { t: 'phrase'; v: string }
	| { t: 'range'; lo: string; hi: string; incLo: boolean; incHi: boolean };

type Node =
	| { k: 'and' | 'or'; c: Node[] }
	| { k: 'not'; c: Node }
	| { k: 'term'; field?: string; v: string; wild: boolean; phrase: boolean }
	| { k: 'range'; field?: string; lo: string; hi: string; incLo: boolean; incHi: boolean }
	| { k: 'all' };

function lex(q: string): Token[] {
	const out: Token[] = [];
	let i = 0;
	const n = q.length;
	const readWord = (): { v: string; wild: boolean; raw: string } => {
		let v = '';
		let raw = '';
		let wild = false;
		while (i < n) {
			const c = q[i];
			if (c === '\\') {
				if (i + 1 >= n) throw new QueryError('syntax', 'dangling escape character at end of query');
				v += q[i + 1];
				raw += c + q[i + 1];
				i += 2;
				continue;
			}
			if (/\s/.test(c) || c === '(' || c === ')' || c === '"') break;
			if (c === '*' || c === '?') wild = true;
			v += c;
			raw += c;
			i++;
		}
		return { v, wild, raw };
	};
	const readPhrase = (): string => {
		i++; // opening quote
		let v = '';
		while (i < n && q[i] !== '"') {
			if (q[i] === '\\' && i + 1 < n) {
				v += q[i + 1];
				i += 2;
			} else v += q[i++];
		}
		if (i >= n) throw new QueryError('syntax', 'unterminated quoted phrase');
		i++;
		return v;
	};
	const readRange = (): Token => {
		const incLo = q[i] === '[';
		const close = q.slice(i).search(/[\]}]/);
		if (close < 0) throw new QueryError('syntax', 'unterminated range expression');
		const body = q.slice(i + 1, i + close).trim();
		const incHi = q[i + close] === ']';
		const m = /^(\S+)\s+TO\s+(\S+)$/.exec(body);
		if (!m) throw new QueryError('syntax', `invalid range expression: ${q.slice(i, i + close + 1)}`);
		i += close + 1;
		const unq = (s: string): string => s.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');
		return { t: 'range', lo: unq(m[1]), hi: unq(m[2]), incLo, incHi };
	};
	while (i < n) {
		const c = q[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		if (c === '(' || c === ')') {
			out.push({ t: c });
			i++;
			continue;
		}
		if (c === '"') {
			out.push({ t: 'phrase', v: readPhrase() });
			continue;
		}
		if (c === '[' || c === '{') {
			out.push(readRange());
			continue;
		}
		if (c === ']' || c === '}') throw new QueryError('syntax', `unexpected '${c}'`);
		if (q.startsWith('&&', i) || q.startsWith('||', i)) {
			out.push({ t: c === '&' ? 'AND' : 'OR' });
			i += 2;
			continue;
		}
		if ((c === '-' || c === '+' || c === '!') && i + 1 < n && !/\s/.test(q[i + 1])) {
			out.push({ t: c === '!' ? 'NOT' : c });
			i++;
			continue;
		}
		// field:value ?
		const fm = /^([A-Za-z_][\w.]*):/.exec(q.slice(i));
		if (fm) {
			out.push({ t: 'field', name: fm[1] });
			i += fm[0].length;
			if (i >= n || /\s/.test(q[i])) throw new QueryError('syntax', `missing value for field ${fm[1]}`);
			continue;
		}
		const w = readWord();
		if (w.raw === '') throw new QueryError('syntax', `unexpected character '${c}'`);
		if (w.raw === 'AND' || w.raw === 'OR' || w.raw === 'NOT') out.push({ t: w.raw });
		else out.push({ t: 'word', v: w.v, wild: w.wild });
	}
	return out;
}

class Parser {
	private p = 0;
	constructor(
		private toks: Token[],
		private resolveField: (name: string) => string,
	) {}
	private peek(): Token | undefined {
		return this.toks[this.p];
	}
	parse(): Node {
		if (this.toks.length === 0) return { k: 'all' };
		const node = this.or(undefined);
		if (this.p < this.toks.length) throw new QueryError('syntax', `unexpected token '${this.describe(this.peek()!)}'`);
		return node;
	}
	private describe(t: Token): string {
		return 'v' in t ? t.v : 'name' in t ? `${t.name}:` : t.t;
	}
	private or(field: string | undefined): Node {
		const c = [this.and(field)];
		while (this.peek()?.t === 'OR') {
			this.p++;
			c.push(this.and(field));
		}
		return c.length === 1 ? c[0] : { k: 'or', c };
	}
	private and(field: string | undefined): Node {
		const c = [this.unary(field)];
		for (;;) {
			const t = this.peek();
			if (!t || t.t === ')' || t.t === 'OR') break;
			if (t.t === 'AND') this.p++;
			c.push(this.unary(field));
		}
		return c.length === 1 ? c[0] : { k: 'and', c };
	}
	private unary(field: string | undefined): Node {
		const t = this.peek();
		if (!t) throw new QueryError('syntax', 'unexpected end of query');
		if (t.t === 'NOT' || t.t === '-') {
			this.p++;
			return { k: 'not', c: this.unary(field) };
		}
		if (t.t === '+') {
			this.p++;
			return this.unary(field);
		}
		return this.primary(field);
	}
	private primary(field: string | undefined): Node {
		const t = this.toks[this.p++];
		if (!t) throw new QueryError('syntax', 'unexpected end of query');
		switch (t.t) {
			case '(': {
				const inner = this.or(field);
				if (this.toks[this.p++]?.t !== ')') throw new QueryError('syntax', 'missing closing parenthesis');
				return inner;
			}
			case 'field': {
				if (field !== undefined) throw new QueryError('syntax', `nested field ${t.name} inside ${field}:(...)`);
				const next = this.peek();
				if (!next || next.t === ')' || next.t === 'AND' || next.t === 'OR' || next.t === 'field')
					throw new QueryError('syntax', `missing value for field ${t.name}`);
				return this.primary(this.resolveField(t.name));
			}
			case 'word':
				return { k: 'term', field, v: t.v, wild: t.wild, phrase: false };
			case 'phrase':
				return { k: 'term', field, v: t.v, wild: false, phrase: true };
			case 'range':
				return { k: 'range', field, lo: t.lo, hi: t.hi, incLo: t.incLo, incHi: t.incHi };
			default:
				throw new QueryError('syntax', `unexpected token '${this.describe(t)}'`);
		}
	}
}

function fieldResolver<T>(schema: QuerySchema<T>): (name: string) => string {
	return (name) => {
		const f = schema.aliases?.[name] ?? name;
		if (!schema.fields[f]) throw new QueryError('field', `unknown field in query: ${name}`);
		return f;
	};
}

function wildcardRegex(v: string, anchored: boolean): RegExp {
	const body = v.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
	return new RegExp(anchored ? `^${body}$` : body, 'i');
}

const asArray = (v: unknown): unknown[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function toMs(v: unknown): number {
	if (typeof v === 'number') return v;
	if (typeof v !== 'string') return NaN;
	if (/^\d{11,}$/.test(v)) return Number(v);
	return Date.parse(v);
}

/** Matcher for one value of a field. */
function termMatcher(def: { kind: FieldKind }, v: string, wild: boolean, phrase: boolean): (x: unknown) => boolean {
	if (v === '*' && wild) return (x) => x !== '' && x !== null && x !== undefined;
	switch (def.kind) {
		case 'number': {
			if (wild) {
				const re = wildcardRegex(v, true);
				return (x) => re.test(String(x));
			}
			const num = Number(v);
			return (x) => Number(x) === num;
		}
		case 'bool': {
			const b = v.toLowerCase() === 'true';
			return (x) => x === b;
		}
		case 'timestamp': {
			const ms = toMs(v);
			return (x) => toMs(x) === ms;
		}
		case 'text': {
			if (wild) {
				const re = wildcardRegex(v, false);
				return (x) => (typeof x === 'string' || typeof x === 'number') && re.test(String(x));
			}
			const lv = v.toLowerCase();
			return (x) => (typeof x === 'string' || typeof x === 'number') && String(x).toLowerCase().includes(lv);
		}
		default: {
			if (wild) {
				const re = wildcardRegex(v, true);
				return (x) => x !== null && x !== undefined && re.test(String(x));
			}
			const lv = v.toLowerCase();
			if (phrase) return (x) => x !== null && x !== undefined && String(x).toLowerCase() === lv;
			return (x) => x !== null && x !== undefined && String(x).toLowerCase() === lv;
		}
	}
}

function rangeMatcher(def: { kind: FieldKind }, lo: string, hi: string, incLo: boolean, incHi: boolean): (x: unknown) => boolean {
	const conv = def.kind === 'number' ? (s: unknown) => Number(s) : def.kind === 'timestamp' ? toMs : null;
	if (conv) {
		const l = lo === '*' ? -Infinity : conv(lo);
		const h = hi === '*' ? Infinity : conv(hi);
		if (Number.isNaN(l) || Number.isNaN(h)) throw new QueryError('syntax', `invalid range bounds [${lo} TO ${hi}]`);
		return (x) => {
			if (x === null || x === undefined || x === '') return false;
			const v = conv(x);
			return (incLo ? v >= l : v > l) && (incHi ? v <= h : v < h);
		};
	}
	return (x) => {
		if (x === null || x === undefined) return false;
		const v = String(x);
		return (lo === '*' || (incLo ? v >= lo : v > lo)) && (hi === '*' || (incHi ? v <= hi : v < hi));
	};
}

type Pred<T = StoredAlert> = (a: T) => boolean;

function compile<T>(node: Node, schema: QuerySchema<T>): Pred<T> {
	switch (node.k) {
		case 'all':
			return () => true;
		case 'and': {
			const ps = node.c.map((c) => compile(c, schema));
			return (a) => ps.every((p) => p(a));
		}
		case 'or': {
			const ps = node.c.map((c) => compile(c, schema));
			return (a) => ps.some((p) => p(a));
		}
		case 'not': {
			const p = compile(node.c, schema);
			return (a) => !p(a);
		}
		case 'term':
		case 'range': {
			const fields = node.field ? [node.field] : schema.defaults;
			const defs = fields.map((f) => schema.fields[f]);
			const ms = defs.map((def) =>
				node.k === 'range'
					? rangeMatcher(def, node.lo, node.hi, node.incLo, node.incHi)
					: node.field
						? termMatcher(def, node.v, node.wild, node.phrase)
						: termMatcher({ ...def, kind: 'text' }, node.v, node.wild, node.phrase),
			);
			return (a) => {
				for (let i = 0; i < defs.length; i++) for (const x of asArray(defs[i].get(a))) if (ms[i](x)) return true;
				return false;
			};
		}
	}
}

const cache = new Map<string, Pred>();

/** Parse and compile an alert query; throws QueryError. Empty query matches everything. */
export function compileQuery(q: string): Pred {
	let p = cache.get(q);
	if (!p) {
		p = compileDocQuery(q, ALERT_SCHEMA);
		if (cache.size > 500) cache.clear();
		cache.set(q, p);
	}
	return p;
}

/** Parse and compile a query over documents of another kind (not cached); throws QueryError. */
export function compileDocQuery<T>(q: string, schema: QuerySchema<T>): Pred<T> {
	return compile(new Parser(lex(q), fieldResolver(schema)).parse(), schema);
}
