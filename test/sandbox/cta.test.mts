// CTA simulator module: direct unit tests (fake context) and HTTP tests through the core.
// Run: node --import tsx --test test/sandbox/cta.test.mts

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createCta } from '../../sandbox/cta/index.mts';
import type { SandboxContext, SandboxRequest } from '../../sandbox/types.mts';
import { SYNTAX_ERROR } from '../../sandbox/types.mts';

type Json = Record<string, any>;

const CUSTOMER = 'CTA123456789';
const START = '2024-06-01T12:00:00.000Z';
const AM = `/alert-management/customer/${CUSTOMER}`;
const TD = `/threat-detection/customer/${CUSTOMER}`;
const ED = `/event-detection/customer/${CUSTOMER}`;
const basic = (id: string, pw: string) => `Basic ${Buffer.from(`${id}:${pw}`).toString('base64')}`;

// ---- direct (no HTTP) ------------------------------------------------------------------

function fakeCtx(seed: number, startMs = Date.parse(START)) {
	let offset = startMs - Date.now();
	const hash = (s: string) => {
		let h = 0x811c9dc5;
		for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
		return h >>> 0;
	};
	const ctx: SandboxContext & { advance(ms: number): void } = {
		seed,
		now: () => Date.now() + offset,
		random: (stream: string) => {
			let a = hash(`${seed}:${stream}`);
			return () => {
				a = (a + 0x6d2b79f5) >>> 0;
				let t = a;
				t = Math.imul(t ^ (t >>> 15), t | 1);
				t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
				return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
			};
		},
		baseUrl: () => 'http://127.0.0.1:1',
		advance: (ms: number) => {
			offset += ms;
		},
	};
	return ctx;
}

function mkReq(ctx: SandboxContext, method: string, url: string, headers: Json = {}, body?: unknown): SandboxRequest {
	const u = new URL(url, 'http://x');
	const rawBody = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
	let json: unknown;
	if (body !== undefined && typeof body !== 'string') json = body;
	else if (typeof body === 'string' && !String(headers['content-type'] ?? '').includes('urlencoded')) {
		try {
			json = JSON.parse(body);
		} catch {
			json = SYNTAX_ERROR;
		}
	}
	return {
		method,
		path: decodeURIComponent(u.pathname),
		rawPath: u.pathname,
		query: u.searchParams,
		headers,
		rawBody,
		json,
		now: ctx.now(),
	};
}

describe('CTA module (direct)', () => {
	it('is deterministic for a seed and base time, and differs across seeds', () => {
		const opts = { ctaAlerts: 50, ctaEvents: 400, now: START };
		const dump = (seed: number) => {
			const ctx = fakeCtx(seed);
			const m = createCta(ctx, opts);
			const c = m.state.customer(CUSTOMER);
			return JSON.stringify({
				alerts: [...c.alerts.byId.values()].map((a) => [a.id, a.risk, a.status, a.note, a.triggeredAt, a.modifiedAt]),
				events: c.events.bySeq.map((e) => [e.id, e.seq, e.timestamp, e.detectionIds]),
				flows: c.flows.bySeq.map((f) => [f.id, f.seq, f.timeStamp]),
			});
		};
		assert.equal(dump(1), dump(1));
		assert.notEqual(dump(1), dump(2));
	});

	it('routeLabel / handle ignore paths outside the CTA prefixes', () => {
		const ctx = fakeCtx(1);
		const m = createCta(ctx, { ctaAlerts: 5, ctaEvents: 20 });
		const other = mkReq(ctx, 'GET', '/api/alerts/v7/orgs/ABC/alerts');
		assert.equal(m.routeLabel(other), undefined);
		assert.equal(m.handle(other), undefined);
		assert.equal(m.routeLabel(mkReq(ctx, 'POST', '/iroh/oauth2/token')), 'POST /iroh/oauth2/token');
		assert.equal(
			m.routeLabel(mkReq(ctx, 'GET', `${AM}/alerts/abc`)),
			'GET /alert-management/customer/{customerId}/alerts/{alertId}',
		);
		assert.equal(
			m.routeLabel(mkReq(ctx, 'POST', `${ED}/flows/search`)),
			'POST /event-detection/customer/{customerId}/flows/search',
		);
	});

	it('generates 100,000 events quickly and pages them all by sequence number', () => {
		const ctx = fakeCtx(3);
		let t0 = performance.now();
		const m = createCta(ctx, { ctaAlerts: 300, ctaEvents: 100_000, ctaFlowsPerEvent: 1 });
		const genMs = performance.now() - t0;
		assert.ok(genMs < 8000, `generation took ${genMs} ms`);
		const tok = m.handle(
			mkReq(ctx, 'POST', '/iroh/oauth2/token', { authorization: basic('sandbox-client', 'sandbox-password'), 'content-type': 'application/x-www-form-urlencoded' }, 'grant_type=client_credentials'),
		) as Json;
		const h = { authorization: `Bearer ${tok.body.access_token}` };
		t0 = performance.now();
		let cursor: string | undefined;
		let n = 0;
		let last = 0;
		for (;;) {
			const q = `sort=modificationSequenceNumber&size=1000${cursor ? `&after=${cursor}` : ''}`;
			const r = m.handle(mkReq(ctx, 'POST', `${ED}/events/search?${q}`, h, { filter: {} })) as Json;
			assert.equal(r.status, 200);
			n += r.body.items.length;
			if (r.body.items.length) {
				assert.ok(Number(r.body.pageInfo.startCursor) > last);
				last = Number(r.body.pageInfo.endCursor);
				cursor = r.body.pageInfo.endCursor;
			}
			if (!r.body.pageInfo.hasNextPage) break;
		}
		assert.equal(n, 100_000);
		const pageMs = performance.now() - t0;
		assert.ok(pageMs < 5000, `paging took ${pageMs} ms`);
	});
});

// ---- over HTTP through the core --------------------------------------------------------

describe('CTA over HTTP', async () => {
	const { startSandbox } = await import('../../sandbox/index.mts');
	let sb: Awaited<ReturnType<typeof startSandbox>>;
	let url = '';

	const raw = async (method: string, path: string, init: { headers?: Json; body?: unknown; form?: string } = {}) => {
		const headers: Json = { accept: 'application/json', ...(init.headers ?? {}) };
		let body: string | undefined;
		if (init.form !== undefined) {
			headers['content-type'] = 'application/x-www-form-urlencoded';
			body = init.form;
		} else if (init.body !== undefined) {
			headers['content-type'] = 'application/json';
			body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
		}
		const res = await fetch(url + path, { method, headers, body });
		const text = await res.text();
		return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as Json) : undefined };
	};
	const ctl = async (method: string, path: string, body?: unknown) => {
		const r = await raw(method, `/_sandbox${path}`, { body });
		assert.ok(r.status < 300, `control ${method} ${path} → ${r.status} ${r.text}`);
		return r.body as Json;
	};
	const getToken = async (id = 'sandbox-client', pw = 'sandbox-password') => {
		const r = await raw('POST', '/iroh/oauth2/token', { headers: { authorization: basic(id, pw) }, form: 'grant_type=client_credentials' });
		assert.equal(r.status, 200, r.text);
		return r.body?.access_token as string;
	};
	let token = '';
	const api = (method: string, path: string, body?: unknown, tok = token) =>
		raw(method, path, { headers: { authorization: `Bearer ${tok}` }, body });

	/** Follow GET `next` links, or POST endCursor, collecting items and page infos. */
	const collect = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
		const items: Json[] = [];
		const pages: Json[] = [];
		let next: string | null = path;
		while (next) {
			const r = await api(method, next, body);
			assert.equal(r.status, 200, r.text);
			items.push(...r.body!.items);
			pages.push(r.body!.pageInfo);
			const pi = r.body!.pageInfo;
			if (!pi.hasNextPage) break;
			if (method === 'GET') next = pi.next;
			else {
				assert.equal(pi.next, null);
				const u = new URL(path, 'http://x');
				u.searchParams.set('after', pi.endCursor);
				next = u.pathname + u.search;
			}
		}
		return { items, pages };
	};

	before(async () => {
		sb = await startSandbox({ port: 0, seed: 11, now: START, ctaAlerts: 140, ctaEvents: 1500 });
		url = sb.url;
		token = await getToken();
	});
	after(async () => {
		await sb.close();
	});

	describe('token endpoint', () => {
		it('issues bearer tokens with the documented shape and counts them', async () => {
			const before = (await ctl('GET', '/cta/tokens')).issued;
			const r = await raw('POST', '/iroh/oauth2/token', {
				headers: { authorization: basic('sandbox-client', 'sandbox-password') },
				form: 'grant_type=client_credentials',
			});
			assert.equal(r.status, 200);
			assert.equal(r.body!.token_type, 'bearer');
			assert.equal(r.body!.expires_in, 600);
			assert.equal(typeof r.body!.scope, 'string');
			assert.match(r.body!.access_token, /^[A-Za-z0-9_-]{40,}$/);
			assert.notEqual(r.body!.access_token, token);
			assert.equal((await ctl('GET', '/cta/tokens')).issued, before + 1);
		});

		it('rejects unknown clients, wrong passwords, bad grants and other methods', async () => {
			let r = await raw('POST', '/iroh/oauth2/token', { headers: { authorization: basic('nobody', 'x') }, form: 'grant_type=client_credentials' });
			assert.equal(r.status, 400);
			assert.deepEqual(r.body, {
				error: 'invalid_client',
				error_description: 'unknown client',
				error_uri: 'https://tools.ietf.org/html/rfc6749#section-5.2',
			});
			r = await raw('POST', '/iroh/oauth2/token', { headers: { authorization: basic('sandbox-client', 'wrong-pw') }, form: 'grant_type=client_credentials' });
			assert.equal(r.status, 400);
			assert.equal(r.body!.error, 'invalid_client');
			assert.ok(!r.text.includes('wrong-pw'));
			r = await raw('POST', '/iroh/oauth2/token', { form: 'grant_type=client_credentials' });
			assert.equal(r.status, 400);
			assert.equal(r.body!.error, 'invalid_client');
			r = await raw('POST', '/iroh/oauth2/token', { headers: { authorization: basic('sandbox-client', 'sandbox-password') }, form: 'grant_type=password' });
			assert.equal(r.status, 400);
			assert.equal(r.body!.error, 'unsupported_grant_type');
			r = await raw('POST', '/iroh/oauth2/token', { headers: { authorization: basic('sandbox-client', 'sandbox-password') }, form: '' });
			assert.equal(r.body!.error, 'invalid_request');
			r = await raw('POST', '/iroh/oauth2/token', {
				headers: { authorization: basic('sandbox-client', 'sandbox-password') },
				body: { grant_type: 'client_credentials' },
			});
			assert.equal(r.status, 400);
			assert.equal(r.body!.error, 'invalid_request');
			r = await raw('GET', '/iroh/oauth2/token');
			assert.equal(r.status, 405);
			r = await raw('GET', '/iroh/oauth2/other');
			assert.equal(r.status, 404);
			assert.equal(typeof r.body!.message, 'string');
		});
	});

	describe('bearer auth', () => {
		it('requires "Authorization: Bearer <token>" with a capital B', async () => {
			assert.equal((await api('GET', `${AM}/alerts?size=1`)).status, 200);
			let r = await raw('GET', `${AM}/alerts?size=1`, { headers: { authorization: `bearer ${token}` } });
			assert.equal(r.status, 401);
			assert.equal(r.body!.message, 'Unauthorized');
			assert.ok(!r.text.includes(token));
			r = await raw('GET', `${AM}/alerts?size=1`);
			assert.equal(r.status, 401);
			r = await raw('GET', `${TD}/threat-detections?size=1`, { headers: { authorization: 'Bearer not-a-token' } });
			assert.equal(r.status, 401);
			for (const [m, p] of [
				['POST', `${AM}/alerts/search`],
				['POST', `${ED}/events/search`],
				['POST', `${ED}/flows/search`],
				['GET', `${ED}/events`],
				['GET', `${TD}/enriched-events-with-threat-detection-ids`],
				['POST', `${AM}/enriched-threat-detections-with-alert-ids/search`],
			])
				assert.equal((await raw(m, p, { headers: { authorization: 'Bearer nope' }, body: m === 'POST' ? { filter: {} } : undefined })).status, 401, p);
		});

		it('answers 403 for another customer', async () => {
			const r = await api('GET', '/alert-management/customer/CTA000000001/alerts');
			assert.equal(r.status, 403);
			assert.equal(typeof r.body!.message, 'string');
		});

		it('expires tokens by the simulator clock, by lifetime and on demand', async () => {
			const t = await getToken();
			await ctl('POST', '/clock', { advanceMs: 599_000 });
			assert.equal((await api('GET', `${AM}/alerts?size=1`, undefined, t)).status, 200);
			await ctl('POST', '/clock', { advanceMs: 1_500 });
			const r = await api('GET', `${AM}/alerts?size=1`, undefined, t);
			assert.equal(r.status, 401);
			await ctl('POST', '/cta/tokens/lifetime', { seconds: 5 });
			const short = await getToken();
			await ctl('POST', '/clock', { advanceMs: 6_000 });
			assert.equal((await api('GET', `${AM}/alerts?size=1`, undefined, short)).status, 401);
			await ctl('POST', '/cta/tokens/lifetime', { seconds: 600 });
			const t2 = await getToken();
			assert.equal((await api('GET', `${AM}/alerts?size=1`, undefined, t2)).status, 200);
			const ex = await ctl('POST', '/cta/tokens/expire');
			assert.ok(ex.expired >= 1);
			assert.equal((await api('GET', `${AM}/alerts?size=1`, undefined, t2)).status, 401);
			token = await getToken();
		});

		it('supports a second client for another customer and revocation', async () => {
			await ctl('POST', '/cta/clients', { clientId: 'second', clientPassword: 'pw2', customerId: 'CTA999' });
			const t = await getToken('second', 'pw2');
			let r = await api('GET', '/alert-management/customer/CTA999/alerts', undefined, t);
			assert.equal(r.status, 200);
			assert.deepEqual(r.body!.items, []);
			assert.equal(r.body!.pageInfo.hasNextPage, false);
			assert.equal((await api('GET', `${AM}/alerts`, undefined, t)).status, 403);
			await ctl('DELETE', '/cta/clients/second');
			assert.equal((await api('GET', '/alert-management/customer/CTA999/alerts', undefined, t)).status, 401);
			r = await raw('POST', '/iroh/oauth2/token', { headers: { authorization: basic('second', 'pw2') }, form: 'grant_type=client_credentials' });
			assert.equal(r.body!.error, 'invalid_client');
		});
	});

	describe('alerts', () => {
		it('pages with GET next links; cursors null at the ends as documented', async () => {
			const total = (await ctl('GET', '/cta/state')).customers[CUSTOMER].alerts;
			const { items, pages } = await collect('GET', `${AM}/alerts?size=25`);
			assert.equal(items.length, total);
			assert.equal(new Set(items.map((a) => a.id)).size, total);
			assert.equal(pages[0].previous, null);
			assert.equal(pages[0].startCursor, null);
			assert.equal(pages[0].hasPreviousPage, false);
			assert.match(pages[0].next, /^\/alert-management\/customer\/CTA123456789\/alerts\?size=25&after=/);
			const last = pages[pages.length - 1];
			assert.equal(last.next, null);
			assert.equal(last.endCursor, null);
			assert.equal(last.hasNextPage, false);
			assert.equal(last.hasPreviousPage, true);
			// default sort: risk, Critical first; cursor looks like "High,<id>"
			const rank = ['Low', 'Medium', 'High', 'Critical'];
			for (let i = 1; i < items.length; i++) assert.ok(rank.indexOf(items[i - 1].risk) >= rank.indexOf(items[i].risk));
			assert.match(pages[1].startCursor, /^(Critical|High|Medium|Low),[0-9a-f]{64}$/);
			// previous link returns the previous page
			const second = await api('GET', pages[0].next);
			const back = await api('GET', second.body!.pageInfo.previous);
			assert.deepEqual(
				back.body!.items.map((a: Json) => a.id),
				items.slice(0, 25).map((a) => a.id),
			);
			// alert shape
			const a = items[0];
			assert.match(a.id, /^[0-9a-f]{64}$/);
			assert.ok(['New', 'Open', 'Closed'].includes(a.status.value));
			assert.equal(a.state, a.status.value);
			assert.ok('closingReasons' in a.status && 'etaFlag' in a && 'note' in a);
			assert.ok(!Number.isNaN(Date.parse(a.triggeredAt)) && !Number.isNaN(Date.parse(a.modifiedAt)));
		});

		it('enforces the size limit of 1,000 (and applies it without size)', async () => {
			assert.equal((await api('GET', `${AM}/alerts?size=1000`)).status, 200);
			for (const s of ['1001', '0', '-1', 'ten']) {
				const r = await api('GET', `${AM}/alerts?size=${s}`);
				assert.equal(r.status, 400, s);
				assert.equal(typeof r.body!.message, 'string');
			}
			const r = await api('GET', `${ED}/events`);
			assert.equal(r.body!.items.length, 1000);
			assert.equal(r.body!.pageInfo.hasNextPage, true);
		});

		it('sorts by triggeredAt and filters triggeredAfter / modifiedAfter strictly', async () => {
			const { items } = await collect('GET', `${AM}/alerts?sort=triggeredAt:asc&size=40`);
			for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].triggeredAt <= items[i].triggeredAt);
			const pivot = items[Math.floor(items.length / 2)].triggeredAt;
			const r = await collect('GET', `${AM}/alerts?sort=triggeredAt:asc&triggeredAfter=${pivot}`);
			assert.deepEqual(
				r.items.map((a) => a.id),
				items.filter((a) => a.triggeredAt > pivot).map((a) => a.id),
			);
			const m = await collect('GET', `${AM}/alerts?modifiedAfter=${encodeURIComponent(pivot)}&sort=modifiedAt:desc`);
			assert.ok(m.items.every((a) => a.modifiedAt > pivot));
			assert.ok(m.items.length > 0);
			// offsets are accepted when encoded; date-only, '+' decoded to space, garbage are not
			const plus = pivot.replace('Z', '+00:00');
			assert.equal((await api('GET', `${AM}/alerts?triggeredAfter=${encodeURIComponent(plus)}`)).status, 200);
			for (const bad of ['2024-05-01', plus, 'yesterday', '2024-13-01T00:00:00Z'])
				assert.equal((await api('GET', `${AM}/alerts?triggeredAfter=${bad}`)).status, 400, bad);
			assert.equal((await api('GET', `${AM}/alerts?sort=modificationSequenceNumber`)).status, 400);
			assert.equal((await api('GET', `${AM}/alerts?sort=bogus`)).status, 400);
			assert.equal((await api('GET', `${AM}/alerts?modifiedSince=2024-01-01T00:00:00Z`)).status, 400);
			assert.equal((await api('GET', `${AM}/alerts?after=garbage`)).status, 400);
		});

		it('POST alerts/search answers next:null even when more exists; endCursor continues', async () => {
			const all = (await collect('GET', `${AM}/alerts?sort=triggeredAt:asc`)).items;
			const ids = all.slice(0, 90).map((a) => a.id);
			const first = await api('POST', `${AM}/alerts/search?size=50`, { filter: { alertIds: ids } });
			assert.equal(first.status, 200);
			assert.equal(first.body!.items.length, 50);
			assert.equal(first.body!.pageInfo.next, null);
			assert.equal(first.body!.pageInfo.previous, null);
			assert.equal(first.body!.pageInfo.hasNextPage, true);
			assert.ok(first.body!.pageInfo.endCursor);
			const got = await collect('POST', `${AM}/alerts/search?size=50`, { filter: { alertIds: [...ids, 'f'.repeat(64)] } });
			assert.deepEqual(new Set(got.items.map((a) => a.id)), new Set(ids));
			const tooMany = Array.from({ length: 1001 }, (_, i) => i.toString(16).padStart(64, '0'));
			assert.equal((await api('POST', `${AM}/alerts/search`, { filter: { alertIds: tooMany } })).status, 400);
			assert.equal((await api('POST', `${AM}/alerts/search`, { alertIds: ids })).status, 400);
			assert.equal((await api('POST', `${AM}/alerts/search`, '{"filter":')).status, 400);
			assert.equal((await api('POST', `${AM}/alerts/search`)).status, 400);
		});

		it('gets one alert, 404 for unknown', async () => {
			const a = (await api('GET', `${AM}/alerts?size=1`)).body!.items[0];
			const r = await api('GET', `${AM}/alerts/${a.id}`);
			assert.equal(r.status, 200);
			assert.deepEqual(r.body, a);
			const nf = await api('GET', `${AM}/alerts/${'0'.repeat(64)}`);
			assert.equal(nf.status, 404);
			assert.equal(typeof nf.body!.message, 'string');
		});

		it('changes status and note; modifiedAt moves; validation errors are 400', async () => {
			const newOnes = (await collect('GET', `${AM}/alerts`)).items.filter((a) => a.status.value === 'New');
			const a = newOnes[0];
			const before = (await api('GET', `${AM}/alerts/${a.id}`)).body!;
			await ctl('POST', '/clock', { advanceMs: 1000 });
			let r = await api('PATCH', `${AM}/alerts/${a.id}/status`, { status: { value: 'Open' } });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.body!.status.value, 'Open');
			assert.equal(r.body!.state, 'Open');
			assert.ok(r.body!.modifiedAt > before.modifiedAt);
			const m1 = r.body!.modifiedAt;
			// modifiedAfter sync picks it up
			const since = await collect('GET', `${AM}/alerts?modifiedAfter=${before.modifiedAt}`);
			assert.ok(since.items.some((x) => x.id === a.id));

			r = await api('PATCH', `${AM}/alerts/${a.id}/status`, { status: { value: 'Closed', closingReasons: ['FalsePositive'] } });
			assert.equal(r.status, 200);
			assert.deepEqual(r.body!.status, { value: 'Closed', closingReasons: ['FalsePositive'] });
			assert.ok(r.body!.modifiedAt > m1);
			for (const bad of [
				{ status: { value: 'Open', closingReasons: ['FalsePositive'] } },
				{ status: { value: 'Resolved' } },
				{ status: 'Open' },
				{ state: 'Open' },
				{ status: { value: 'Open' }, state: 'Open' },
				{},
			]) {
				const x = await api('PATCH', `${AM}/alerts/${a.id}/status`, bad);
				assert.equal(x.status, 400, JSON.stringify(bad));
				assert.equal(typeof x.body!.message, 'string');
			}
			assert.equal((await api('PATCH', `${AM}/alerts/${'0'.repeat(64)}/status`, { status: { value: 'Open' } })).status, 404);

			r = await api('PATCH', `${AM}/alerts/${a.id}/note`, { note: 'Started investigation, ticket 42' });
			assert.equal(r.status, 200);
			assert.equal(r.body!.note, 'Started investigation, ticket 42');
			const m2 = r.body!.modifiedAt;
			assert.equal((await api('PATCH', `${AM}/alerts/${a.id}/note`, { note: 7 })).status, 400);
			r = await api('DELETE', `${AM}/alerts/${a.id}/note`);
			assert.equal(r.status, 204);
			r = await api('GET', `${AM}/alerts/${a.id}`);
			assert.equal(r.body!.note, null);
			assert.ok(r.body!.modifiedAt > m2);
			assert.equal((await api('GET', `${AM}/alerts/${a.id}/status`)).status, 405);
		});

		it('recalculation wipes notes on New alerts only', async () => {
			const items = (await collect('GET', `${AM}/alerts`)).items;
			const fresh = items.filter((a) => a.status.value === 'New');
			const open = items.filter((a) => a.status.value === 'Open');
			await api('PATCH', `${AM}/alerts/${fresh[1].id}/note`, { note: 'will vanish' });
			await api('PATCH', `${AM}/alerts/${open[0].id}/note`, { note: 'stays' });
			const r = await ctl('POST', '/cta/recalculate', {});
			assert.ok(r.notesWiped.includes(fresh[1].id));
			assert.equal((await api('GET', `${AM}/alerts/${fresh[1].id}`)).body!.note, null);
			assert.equal((await api('GET', `${AM}/alerts/${open[0].id}`)).body!.note, 'stays');
		});

		it('removed (expired) alerts answer 404 and disappear from lists', async () => {
			const r = await ctl('POST', '/cta/alerts/remove', { count: 2 });
			assert.equal(r.removedAlertIds.length, 2);
			for (const id of r.removedAlertIds) assert.equal((await api('GET', `${AM}/alerts/${id}`)).status, 404);
			const s = await api('POST', `${AM}/alerts/search`, { filter: { alertIds: r.removedAlertIds } });
			assert.deepEqual(s.body!.items, []);
			// a detection timing out removes an alert that has no other detection
			const a = (await ctl('POST', '/cta/alerts', { count: 1, detectionsPerAlert: 1 })) as Json;
			const d = await ctl('POST', '/cta/detections/remove', { ids: a.threatDetectionIds });
			assert.deepEqual(d.removedAlertIds, a.alertIds);
			assert.equal((await api('GET', `${AM}/alerts/${a.alertIds[0]}`)).status, 404);
		});
	});

	describe('detections, events, flows', () => {
		it('threat detections page by modificationSequenceNumber with numeric cursors', async () => {
			const { items, pages } = await collect('GET', `${TD}/threat-detections?sort=modificationSequenceNumber&size=100`);
			const total = (await ctl('GET', '/cta/state')).customers[CUSTOMER].threatDetections;
			assert.equal(items.length, total);
			assert.match(pages[0].startCursor, /^\d+$/);
			const last = pages[pages.length - 1];
			assert.equal(last.hasNextPage, false);
			assert.equal(last.next, null);
			assert.match(last.endCursor, /^\d+$/); // present on the last page, so clients can persist it
			for (let i = 1; i < pages.length; i++) assert.ok(Number(pages[i].startCursor) > Number(pages[i - 1].endCursor));
			const empty = await api('GET', `${TD}/threat-detections?sort=modificationSequenceNumber&after=${last.endCursor}`);
			assert.deepEqual(empty.body!.items, []);
			assert.equal(empty.body!.pageInfo.hasNextPage, false);
			assert.equal((await api('GET', `${TD}/threat-detections?sort=modificationSequenceNumber&after=abc`)).status, 400);
		});

		it('traverses events → detections → alerts with the enriched resources', async () => {
			const ev = await collect('GET', `${TD}/enriched-events-with-threat-detection-ids?sort=modificationSequenceNumber&size=500`);
			const total = (await ctl('GET', '/cta/state')).customers[CUSTOMER].events;
			assert.equal(ev.items.length, total);
			const convicting = ev.items.filter((e) => e.threatDetectionIds.length > 0);
			const contextual = ev.items.filter((e) => e.threatDetectionIds.length === 0);
			assert.ok(convicting.length > 0 && contextual.length > 0);
			const detIds = [...new Set(convicting.flatMap((e) => e.threatDetectionIds as string[]))];
			const dets: Json[] = [];
			for (let i = 0; i < detIds.length; i += 1000) {
				const r = await collect('POST', `${AM}/enriched-threat-detections-with-alert-ids/search?size=200`, {
					filter: { threatDetectionIds: detIds.slice(i, i + 1000) },
				});
				dets.push(...r.items);
			}
			assert.equal(dets.length, detIds.length);
			assert.ok(dets.every((d) => Array.isArray(d.alertIds)));
			assert.ok(dets.some((d) => d.alertIds.length > 0));
			const alertIds = [...new Set(dets.flatMap((d) => d.alertIds as string[]))];
			const al = await collect('POST', `${AM}/alerts/search?size=100`, { filter: { alertIds } });
			assert.equal(al.items.length, alertIds.length);
			// plain endpoints do not carry the references
			const plain = await api('GET', `${ED}/events?size=1`);
			assert.equal(plain.body!.items[0].threatDetectionIds, undefined);
			assert.ok(plain.body!.pageInfo.next.startsWith(`${ED}/events?size=1&after=`));
		});

		it('events/search and flows/search page with endCursor; next is null for POST', async () => {
			const ev = await collect('POST', `${ED}/events/search?sort=modificationSequenceNumber&size=400`, { filter: {} });
			assert.ok(ev.pages.length > 1);
			assert.ok(ev.pages.every((p) => p.next === null && p.previous === null));
			const seqs = ev.pages.flatMap((p) => [Number(p.startCursor), Number(p.endCursor)]);
			for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] >= seqs[i - 1]);
			const fl = await collect('POST', `${ED}/flows/search?sort=modificationSequenceNumber&size=1000`, { filter: {} });
			const total = (await ctl('GET', '/cta/state')).customers[CUSTOMER].flows;
			assert.equal(fl.items.length, total);
			assert.ok(fl.items.every((f) => typeof f.timeStamp === 'string' && typeof f.eventId === 'string'));
			const one = ev.items[0];
			const byEvent = await api('POST', `${ED}/flows/search`, { filter: { eventIds: [one.id] } });
			assert.equal(byEvent.body!.items.length, one.flowsCount);
			assert.equal((await api('POST', `${ED}/events/search`, { filter: { nope: 1 } })).status, 400);
			assert.equal((await api('POST', `${ED}/events/search`, {})).status, 400);
		});

		it('objects created in the same instant: sequence sync sees all; undocumented sorts are refused', async () => {
			const seqStart = (await api('POST', `${ED}/events/search?sort=modificationSequenceNumber&size=1&before=99999999999`, { filter: {} })).body!
				.pageInfo.endCursor as string;
			const t = '2024-06-01T13:00:00.000Z';
			const made = await ctl('POST', '/cta/events', { count: 30, timestamp: t });
			assert.equal(made.eventIds.length, 30);
			// The doc gives only sort=modificationSequenceNumber for events, detections and flows.
			for (const path of [`${ED}/events?sort=modifiedAt:asc`, `${TD}/threat-detections?sort=modifiedAt:desc`, `${TD}/enriched-events-with-threat-detection-ids?sort=modifiedAt:desc`]) {
				const refused = await api('GET', path);
				assert.equal(refused.status, 400, path);
				assert.match(JSON.stringify(refused.body), /supported: modificationSequenceNumber/);
			}
			// sequence-based client: persisted endCursor + after
			const seq = await collect('POST', `${ED}/events/search?sort=modificationSequenceNumber&size=10&after=${seqStart}`, { filter: {} });
			const seqSeen = new Set(seq.items.map((e) => e.id));
			assert.ok(made.eventIds.every((id: string) => seqSeen.has(id)));
		});

		it('late arrival: hidden until visibleAfterMs, then gets a fresh sequence number', async () => {
			const now = (await ctl('GET', '/clock')).nowMs as number;
			const evHead = await api('POST', `${ED}/events/search?sort=modificationSequenceNumber&before=99999999999&size=1`, { filter: {} });
			const cursor = evHead.body!.pageInfo.endCursor as string;
			const late = await ctl('POST', '/cta/alerts', { count: 1, visibleAfterMs: 60_000, eventsPerDetection: 2 });
			const onTime = await ctl('POST', '/cta/alerts', { count: 1, triggeredAt: now + 1000 });
			assert.equal((await api('GET', `${AM}/alerts/${late.alertIds[0]}`)).status, 404);
			const raw1 = await ctl('GET', `/cta/objects/${late.eventIds[0]}`);
			assert.equal(raw1.visible, false);
			// a triggeredAfter client syncs now and remembers the newest triggeredAt
			const sync1 = await collect('GET', `${AM}/alerts?sort=triggeredAt:asc&triggeredAfter=${new Date(now - 1).toISOString()}`);
			assert.deepEqual(sync1.items.map((a) => a.id), onTime.alertIds);
			const mark = sync1.items[sync1.items.length - 1].triggeredAt;
			await ctl('POST', '/clock', { advanceMs: 61_000 });
			assert.equal((await api('GET', `${AM}/alerts/${late.alertIds[0]}`)).status, 200);
			const sync2 = await collect('GET', `${AM}/alerts?sort=triggeredAt:asc&triggeredAfter=${mark}`);
			assert.ok(!sync2.items.some((a) => a.id === late.alertIds[0]), 'time-based sync misses the late alert');
			const ev = await collect('POST', `${ED}/events/search?sort=modificationSequenceNumber&after=${cursor}`, { filter: {} });
			const ids = new Set(ev.items.map((e) => e.id));
			assert.ok(late.eventIds.every((id: string) => ids.has(id)), 'sequence sync sees the late events');
			assert.equal((await ctl('GET', `/cta/objects/${late.eventIds[0]}`)).visible, true);
		});

		it('updates re-assign sequence numbers; detections added to an alert move modifiedAt', async () => {
			const head = await api('GET', `${TD}/enriched-events-with-threat-detection-ids?sort=modificationSequenceNumber&size=1`);
			const ev = head.body!.items[0];
			const oldSeq = Number(head.body!.pageInfo.startCursor);
			const top = await api('POST', `${ED}/events/search?sort=modificationSequenceNumber&before=99999999999&size=1`, { filter: {} });
			const cursor = top.body!.pageInfo.endCursor;
			await ctl('POST', '/clock', { advanceMs: 10 });
			const up = await ctl('POST', '/cta/events/update', { ids: [ev.id], addFlows: 2 });
			assert.ok(up.updated[0].modificationSequenceNumber > Number(cursor));
			const after = await api('POST', `${ED}/events/search?sort=modificationSequenceNumber&after=${cursor}`, { filter: {} });
			const again = after.body!.items.find((e: Json) => e.id === ev.id);
			assert.ok(again);
			assert.equal(again.flowsCount, ev.flowsCount + 2);
			assert.ok(again.modifiedAt > ev.modifiedAt);
			const rawObj = await ctl('GET', `/cta/objects/${ev.id}`);
			assert.ok(rawObj.modificationSequenceNumber > oldSeq);

			const a = (await api('GET', `${AM}/alerts?size=1`)).body!.items[0];
			await ctl('POST', '/clock', { advanceMs: 10 });
			const added = await ctl('POST', '/cta/detections', { alertId: a.id, eventsPerDetection: 1 });
			const a2 = (await api('GET', `${AM}/alerts/${a.id}`)).body!;
			assert.ok(a2.modifiedAt > a.modifiedAt);
			assert.equal(a2.threatDetectionsCount, a.threatDetectionsCount + 1);
			const d = await api('POST', `${AM}/enriched-threat-detections-with-alert-ids/search`, {
				filter: { threatDetectionIds: added.threatDetectionIds },
			});
			assert.deepEqual(d.body!.items[0].alertIds.includes(a.id), true);
		});

		it('control: flows (late), alert updates, listings, 45-day expiry', async () => {
			const ev = (await api('GET', `${ED}/events?size=1`)).body!.items[0];
			const top = await api('POST', `${ED}/flows/search?sort=modificationSequenceNumber&before=99999999999&size=1`, { filter: {} });
			const cursor = top.body!.pageInfo.endCursor;
			const f = await ctl('POST', '/cta/flows', { eventId: ev.id, count: 3, visibleAfterMs: 5000 });
			assert.equal(f.flowIds.length, 3);
			let e2 = (await api('POST', `${ED}/events/search`, { filter: { eventIds: [ev.id] } })).body!.items[0];
			assert.equal(e2.flowsCount, ev.flowsCount, 'late flows do not show in the aggregate yet');
			let fl = await api('POST', `${ED}/flows/search?sort=modificationSequenceNumber&after=${cursor}`, { filter: {} });
			assert.deepEqual(fl.body!.items, []);
			await ctl('POST', '/clock', { advanceMs: 5001 });
			fl = await api('POST', `${ED}/flows/search?sort=modificationSequenceNumber&after=${cursor}`, { filter: {} });
			assert.deepEqual(fl.body!.items.map((x: Json) => x.id), f.flowIds);
			e2 = (await api('POST', `${ED}/events/search`, { filter: { eventIds: [ev.id] } })).body!.items[0];
			assert.equal(e2.flowsCount, ev.flowsCount + 3);

			const a = (await api('GET', `${AM}/alerts?size=1&sort=triggeredAt:desc`)).body!.items[0];
			const up = await ctl('POST', '/cta/alerts/update', { ids: [a.id], set: { risk: 'Low', etaFlag: 'EtaBasedDetection' } });
			assert.ok(up.updated[0].modifiedAt > a.modifiedAt);
			const a2 = (await api('GET', `${AM}/alerts/${a.id}`)).body!;
			assert.equal(a2.risk, 'Low');
			assert.equal(a2.etaFlag, 'EtaBasedDetection');

			const list = await ctl('GET', '/cta/events?limit=5');
			assert.equal(list.items.length, 5);
			assert.ok(list.total >= 1500);
			const st = await ctl('GET', '/cta/state');
			assert.ok(st.lastModificationSequenceNumber > 25_700_000);
			assert.equal(st.options.clientPassword, undefined);

			const old = await ctl('POST', '/cta/alerts/remove', { olderThanDays: 45 });
			assert.equal(old.removedAlertIds.length, 0, 'generated data is younger than 45 days');
			await ctl('POST', '/clock', { advanceMs: 40 * 86_400_000 });
			token = await getToken();
			const expired = await ctl('POST', '/cta/alerts/remove', { olderThanDays: 45 });
			assert.ok(expired.removedAlertIds.length > 0);
			assert.equal((await api('GET', `${AM}/alerts/${expired.removedAlertIds[0]}`)).status, 404);
			const bad = await raw('POST', '/_sandbox/cta/flows', { body: { eventId: 'nope' } });
			assert.equal(bad.status, 404);
		});

		it('counts requests per CTA route label in the core stats', async () => {
			const stats = (await ctl('GET', '/stats')) as Json;
			assert.ok(stats.byRoute['POST /iroh/oauth2/token'] > 0);
			assert.ok(stats.byRoute['GET /alert-management/customer/{customerId}/alerts'] > 0);
			assert.ok(stats.byRoute['POST /event-detection/customer/{customerId}/events/search'] > 0);
		});
	});
});
