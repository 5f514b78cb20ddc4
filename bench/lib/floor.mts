// The floor: minimal raw `fetch` clients that make only the requests the APIs strictly need,
// with the largest pages the APIs allow. No retries, no n8n.

export const CBC_ORG = 'ABCD1234';
export const CBC_TOKEN = 'SANDBOXSECRET0123456789/SANDBOXID01';
export const CTA_CUSTOMER = 'CTA123456789';
const CTA_BASIC = `Basic ${Buffer.from('sandbox-client:sandbox-password').toString('base64')}`;

/** Largest v7 page: start (1) + rows must stay below 10,000. */
export const CBC_MAX_ROWS = 9_998;
export const CTA_MAX_SIZE = 1_000;

type Json = Record<string, any>;

async function call(url: string, init: RequestInit): Promise<Json> {
	const res = await fetch(url, init);
	const text = await res.text();
	if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status}: ${text.slice(0, 300)}`);
	return text ? JSON.parse(text) : {};
}

const cbcPost = (base: string, path: string, body: unknown) =>
	call(`${base}/api/alerts/v7/orgs/${CBC_ORG}/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-auth-token': CBC_TOKEN },
		body: JSON.stringify(body),
	});

/** How many alerts a v7 search over [start, end] finds (`rows: 0` only counts). */
export async function cbcCountAlerts(base: string, start: string, end: string): Promise<number> {
	const page = await cbcPost(base, 'alerts/_search', { time_range: { start, end }, start: 1, rows: 0 });
	return Number(page.num_found);
}

const UNIT_MS: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };

/**
 * Every alert of a time range past the 10,000 window: one request per slice of 9,998 alerts
 * (oldest first); the next slice starts at the last timestamp read, skipping the IDs already
 * read at that instant.
 */
export async function floorSearchAll(base: string, range: { range: string }): Promise<{ alerts: Json[] }> {
	const m = /^-(\d+)([smhdw])$/.exec(range.range);
	if (!m) throw new Error(`bad range ${range.range}`);
	const end = new Date().toISOString();
	let start = new Date(Date.now() - Number(m[1]) * UNIT_MS[m[2]]).toISOString();
	const alerts: Json[] = [];
	let boundary = '';
	let boundaryIds = new Set<string>();
	for (;;) {
		const page = await cbcPost(base, 'alerts/_search', {
			time_range: { start, end },
			sort: [{ field: 'backend_timestamp', order: 'ASC' }],
			start: 1,
			rows: CBC_MAX_ROWS,
		});
		for (const alert of page.results as Json[]) {
			if (alert.backend_timestamp === boundary && boundaryIds.has(alert.id)) continue;
			if (alert.backend_timestamp !== boundary) {
				boundary = alert.backend_timestamp;
				boundaryIds = new Set();
			}
			boundaryIds.add(alert.id);
			alerts.push(alert);
		}
		if (page.results.length < CBC_MAX_ROWS) return { alerts };
		start = boundary;
	}
}

/** One bulk workflow request for up to 1,000 IDs, then the job polled with the SDK's back-off. */
export async function floorWorkflowUpdate(base: string, ids: string[], change: Json): Promise<Json> {
	const { request_id: jobId } = await cbcPost(base, 'alerts/workflow', {
		time_range: { start: '2000-01-01T00:00:00.000Z', end: new Date().toISOString() },
		criteria: { id: ids },
		...change,
	});
	// Carbon Black's SDK: first poll at once, then 0.1 s doubling to 2 s; a new job may 404.
	let delay = 100;
	for (;;) {
		const res = await fetch(`${base}/jobs/v1/orgs/${CBC_ORG}/jobs/${jobId}`, {
			headers: { 'x-auth-token': CBC_TOKEN },
		});
		const job = (await res.json()) as Json;
		if (res.ok && job.status === 'COMPLETED') return job;
		if (res.ok && job.status === 'FAILED') throw new Error(`job ${jobId} failed`);
		await new Promise((resolve) => setTimeout(resolve, delay));
		delay = Math.min(delay * 2, 2000);
	}
}

/** The alerts of one trigger window (one request while the window holds < 9,998 alerts). */
export async function floorCbcWindow(base: string, body: Json): Promise<Json[]> {
	const page = await cbcPost(base, 'alerts/_search', { ...body, start: 1, rows: CBC_MAX_ROWS });
	return page.results;
}

export async function ctaToken(base: string): Promise<string> {
	const reply = await call(`${base}/iroh/oauth2/token`, {
		method: 'POST',
		headers: { authorization: CTA_BASIC, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		body: 'grant_type=client_credentials',
	});
	return reply.access_token;
}

function ctaUrl(base: string, service: string, path: string, qs: Json = {}): string {
	const query = new URLSearchParams(Object.entries(qs).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
	return `${base}/${service}/customer/${CTA_CUSTOMER}/${path}${query.size ? `?${query}` : ''}`;
}

/** Every object of a cursor collection: `size=1000`, then `after=<endCursor>` until the last page. */
export async function floorCtaCollect(
	base: string,
	token: string,
	service: string,
	path: string,
	qs: Json,
	options: { body?: Json; after?: string | null } = {},
): Promise<{ items: Json[]; endCursor: string | null }> {
	const items: Json[] = [];
	let after = options.after ?? null;
	for (;;) {
		const page = await call(ctaUrl(base, service, path, { ...qs, size: CTA_MAX_SIZE, after }), {
			method: options.body ? 'POST' : 'GET',
			headers: {
				authorization: `Bearer ${token}`,
				accept: 'application/json',
				...(options.body ? { 'content-type': 'application/json' } : {}),
			},
			body: options.body ? JSON.stringify(options.body) : undefined,
		});
		items.push(...(page.items as Json[]));
		if (page.pageInfo?.endCursor) after = page.pageInfo.endCursor;
		if (!page.pageInfo?.hasNextPage || !page.items.length) return { items, endCursor: after };
	}
}

const unique = <T,>(values: T[]) => [...new Set(values)];
const chunks = <T,>(values: T[], size: number) =>
	Array.from({ length: Math.ceil(values.length / size) }, (_, i) => values.slice(i * size, i * size + size));

/** Events by sequence number, their detections and alerts looked up 1,000 IDs at a time. */
export async function floorAnnotations(base: string, token: string): Promise<Json[]> {
	const { items: events } = await floorCtaCollect(base, token, 'threat-detection', 'enriched-events-with-threat-detection-ids', {
		sort: 'modificationSequenceNumber',
	});
	const detections = new Map<string, Json>();
	for (const ids of chunks(unique(events.flatMap((e) => e.threatDetectionIds as string[])), 1000)) {
		const { items } = await floorCtaCollect(base, token, 'alert-management', 'enriched-threat-detections-with-alert-ids/search', {}, {
			body: { filter: { threatDetectionIds: ids } },
		});
		for (const d of items) detections.set(d.id, d);
	}
	const alerts = new Map<string, Json>();
	for (const ids of chunks(unique([...detections.values()].flatMap((d) => d.alertIds as string[])), 1000)) {
		const { items } = await floorCtaCollect(base, token, 'alert-management', 'alerts/search', {}, { body: { filter: { alertIds: ids } } });
		for (const a of items) alerts.set(a.id, a);
	}
	return events.map((event) => {
		const threatDetections = (event.threatDetectionIds as string[]).map((id) => detections.get(id)).filter(Boolean) as Json[];
		return {
			annotationType: threatDetections.length ? 'convicting' : 'contextual',
			event,
			threatDetections,
			alerts: unique(threatDetections.flatMap((d) => d.alertIds as string[])).map((id) => alerts.get(id)).filter(Boolean),
		};
	});
}

/** P9: one device_actions request with every distinct device (the API takes a list). */
export async function floorQuarantine(base: string, deviceIds: number[]): Promise<number> {
	const res = await fetch(`${base}/appservices/v6/orgs/${CBC_ORG}/device_actions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-auth-token': CBC_TOKEN },
		body: JSON.stringify({ action_type: 'QUARANTINE', device_id: deviceIds, options: { toggle: 'ON' } }),
	});
	await res.text();
	if (res.status !== 204) throw new Error(`device_actions → ${res.status}`);
	return deviceIds.length;
}
