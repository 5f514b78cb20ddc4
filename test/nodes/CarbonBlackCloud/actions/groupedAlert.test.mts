import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../harness/engine.mts';
import type { SandboxHandle } from '../../../harness/sandbox.mts';
import { sandbox } from '../../../harness/sandbox.mts';

describe('Carbon Black Cloud › Grouped Alert', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;

	before(async () => {
		sb = await sandbox({ cbcAlerts: 1500 });
		credentials = cbcCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	const run = (operation: string, parameters: Record<string, unknown>) =>
		runNode(helper, { type: 'carbonBlackCloud', parameters: { resource: 'groupedAlert', operation, ...parameters }, credentials });

	it('Search groups by threat_id, sorts, and returns one item per threat', async () => {
		await sb.mark();
		const result = await run('search', { limit: 5, range: '-4w', sort: { fields: [{ field: 'count', order: 'DESC' }] } });
		assert.equal(result.error, undefined, result.error?.message);
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.path, '/api/alerts/v7/orgs/ABCD1234/grouped_alerts/_search');
		assert.deepEqual(request.body.group_by, { field: 'threat_id' });
		assert.deepEqual(request.body.sort, [{ field: 'count', order: 'DESC' }]);
		assert.equal(request.body.rows, 5);
		assert.equal(result.items.length, 5);
		const counts = result.items.map((i) => i.json.count);
		assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
		for (const item of result.items) assert.ok(item.json.most_recent_alert.threat_id);
	});

	it('Search with Return All pages through every group', async () => {
		const result = await run('search', { returnAll: true, range: '-6w' });
		assert.equal(result.error, undefined, result.error?.message);
		const threats = result.items.map((i) => i.json.most_recent_alert.threat_id);
		assert.equal(new Set(threats).size, threats.length);
		assert.ok(threats.length > 5);
	});

	it('Facet sends group_by and returns value counts', async () => {
		await sb.mark();
		const result = await run('facet', { facetFields: ['type'], facetRows: 10 });
		assert.equal(result.error, undefined, result.error?.message);
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.path, '/api/alerts/v7/orgs/ABCD1234/grouped_alerts/_facet');
		assert.deepEqual(request.body.group_by, { field: 'threat_id' });
		assert.ok(result.items.length > 0);
		assert.ok(result.items.every((i) => i.json.field === 'type'));
	});

	it('Histogram sends group_by and returns buckets', async () => {
		await sb.mark();
		const result = await run('histogram', { bucketQuantity: 1, bucketUnit: 'DAY' });
		assert.equal(result.error, undefined, result.error?.message);
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.path, '/api/alerts/v7/orgs/ABCD1234/grouped_alerts/_histogram');
		assert.equal(request.body.bucket_size, '+1DAY');
		assert.ok(result.items.length > 0);
	});
});
