// Many polls of the Carbon Black Cloud Trigger while alerts arrive (ties, late, bursts past the
// 10,000 window) and the API throws 429s: every alert is emitted exactly once.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { cbcCredentials, HarnessCredentialsHelper, pollOnce } from '../../../harness/engine.mts';
import type { SandboxHandle } from '../../../harness/sandbox.mts';
import { sandbox } from '../../../harness/sandbox.mts';

const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value));

function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('Carbon Black Cloud › Trigger › many polls', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;

	before(async () => {
		sb = await sandbox({ cbcAlerts: 500 });
		credentials = cbcCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	it('Alert Created: 0 lost, 0 duplicated over 40 polls with ties, late alerts, a 10,500-alert burst, 429s and a restart', async () => {
		const random = prng(11);
		const spec = {
			type: 'carbonBlackCloudTrigger',
			parameters: { event: 'alertCreated', options: { settleSeconds: 0, overlapSeconds: 120 } },
			credentials,
		};
		let state = (await pollOnce(helper, spec)).staticData;
		let persisted = clone(state);
		await delay(4100); // alerts below are back-dated up to 4 s; keep them after the baseline
		const created: string[] = [];
		const emitted: string[] = [];
		for (let poll = 0; poll < 40; poll++) {
			await delay(5);
			const now = Date.now();
			const n = Math.floor(random() * 12);
			if (n > 0) created.push(...(await sb.control('POST', '/cbc/alerts', { count: n })).ids);
			if (random() < 0.4) {
				const tie = new Date(now - Math.floor(random() * 2000)).toISOString();
				created.push(...(await sb.control('POST', '/cbc/alerts', { count: 3 + Math.floor(random() * 5), backend_timestamp: tie })).ids);
			}
			if (random() < 0.3) {
				const late = { count: 2, backend_timestamp: new Date(now - 3000).toISOString(), visibleAfterMs: 20 + Math.floor(random() * 200) };
				created.push(...(await sb.control('POST', '/cbc/alerts', late)).ids);
			}
			if (poll === 20) {
				created.push(...(await sb.control('POST', '/cbc/alerts', { count: 10_500, spreadMs: 4000 })).ids);
			}
			if (random() < 0.25) {
				await sb.faults([{ match: { path: '/alerts/_search$' }, action: 'status', status: 429, headers: { 'Retry-After': '0' }, times: 1 }]);
			}
			if (poll === 30) state = clone(persisted); // n8n restarted: only the last emitting poll's state survived
			const t0 = Date.now();
			const result = await pollOnce(helper, spec, { staticData: state });
			if (process.env.SOAK_DEBUG) console.log(`poll ${poll}: ${Date.now() - t0} ms, ${result.items?.length ?? 0} items`);
			state = result.staticData;
			if (result.items) {
				emitted.push(...result.items.map((i) => i.json.id));
				persisted = clone(state);
			}
		}
		await delay(300);
		const last = await pollOnce(helper, spec, { staticData: state });
		if (last.items) emitted.push(...last.items.map((i) => i.json.id));
		await sb.clearFaults();

		const emittedSet = new Set(emitted);
		const createdSet = new Set(created);
		const duplicates = emitted.length - emittedSet.size;
		const lost = created.filter((id) => !emittedSet.has(id));
		const unexpected = emitted.filter((id) => !createdSet.has(id));
		assert.deepEqual({ duplicates, lost: lost.length, unexpected: unexpected.length }, { duplicates: 0, lost: 0, unexpected: 0 });
		assert.ok(created.length > 10_500);
		const { byRoute } = await sb.stats();
		assert.ok((byRoute['POST /api/alerts/v7/orgs/{org_key}/alerts/_search'] ?? 0) > 40);
	});

	it('Alert Updated: every update of every alert emitted exactly once over 25 polls', async () => {
		const random = prng(23);
		const spec = {
			type: 'carbonBlackCloudTrigger',
			parameters: { event: 'alertUpdated', options: { settleSeconds: 0, overlapSeconds: 120 } },
			credentials,
		};
		const pool = (await sb.control('POST', '/cbc/alerts', { count: 40, backend_timestamp: new Date(Date.now() - 86_400_000).toISOString() })).ids as string[];
		let state = (await pollOnce(helper, spec)).staticData;
		const expected: string[] = [];
		const emitted: string[] = [];
		for (let poll = 0; poll < 25; poll++) {
			await delay(5);
			const ids = pool.filter(() => random() < 0.2);
			if (ids.length) {
				const status = random() < 0.5 ? 'IN_PROGRESS' : 'OPEN';
				await sb.control('POST', '/cbc/alerts/update', { ids, set: { workflow: { status } } });
				for (const id of ids) {
					const raw = await sb.control('GET', `/cbc/alerts/${id}`);
					expected.push(`${id}@${raw.doc.backend_update_timestamp}`);
				}
			}
			const result = await pollOnce(helper, spec, { staticData: state });
			state = result.staticData;
			if (result.items) emitted.push(...result.items.map((i) => `${i.json.id}@${i.json.backend_update_timestamp}`));
		}
		assert.equal(emitted.length - new Set(emitted).size, 0, 'duplicated');
		assert.deepEqual([...new Set(expected)].filter((v) => !emitted.includes(v)), [], 'lost');
		assert.ok(expected.length > 20);
	});
});
