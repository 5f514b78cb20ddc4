// Facet, Histogram, Validate Search, Get Search Suggestions and Get History of the Alert resource.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { someAlerts } from '../../../../harness/cbc.mts';
import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../../harness/engine.mts';
import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';

describe('Carbon Black Cloud › Alert › analytics operations', () => {
	let sb: SandboxHandle;
	const helper = new HarnessCredentialsHelper();
	let credentials: Record<string, string>;

	before(async () => {
		sb = await sandbox({ cbcAlerts: 1500 });
		credentials = cbcCredentials(helper, sb.url);
	});
	after(async () => sb.close());

	const run = (operation: string, parameters: Record<string, unknown>) =>
		runNode(helper, { type: 'carbonBlackCloud', parameters: { resource: 'alert', operation, ...parameters }, credentials });

	it('Facet sends terms and filter_values and returns one item per field value', async () => {
		await sb.mark();
		const result = await run('facet', {
			facetFields: ['type', 'device_os'],
			facetRows: 3,
			filterValues: true,
			range: '-4w',
			filters: { minimumSeverity: 2 },
		});
		assert.equal(result.error, undefined, result.error?.message);
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.path, '/api/alerts/v7/orgs/ABCD1234/alerts/_facet');
		assert.deepEqual(request.body, {
			time_range: { range: '-4w' },
			criteria: { minimum_severity: 2 },
			terms: { fields: ['type', 'device_os'], rows: 3 },
			filter_values: true,
		});
		const fields = new Set(result.items.map((i) => i.json.field));
		assert.deepEqual([...fields].sort(), ['device_os', 'type']);
		for (const item of result.items) {
			assert.equal(typeof item.json.total, 'number');
			assert.ok(item.json.id);
		}
		assert.ok(result.items.filter((i) => i.json.field === 'type').length <= 3);
	});

	it('Histogram sends the bucket size and returns one item per bucket', async () => {
		await sb.mark();
		const result = await run('histogram', { histogramField: 'LAST_EVENT_TIMESTAMP', bucketQuantity: 2, bucketUnit: 'DAY', minCount: 1, range: '-2w' });
		assert.equal(result.error, undefined, result.error?.message);
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.path, '/api/alerts/v7/orgs/ABCD1234/alerts/_histogram');
		assert.equal(request.body.bucket_size, '+2DAY');
		assert.equal(request.body.field, 'LAST_EVENT_TIMESTAMP');
		assert.equal(request.body.min_count, 1);
		assert.ok(result.items.length > 0);
		for (const item of result.items) {
			assert.ok(item.json.step_start);
			assert.ok(item.json.total >= 1);
			assert.ok(item.json.histogram_start);
		}
	});

	it('Validate Search answers valid: true for a good search', async () => {
		const result = await run('validate', { query: 'device_os:WINDOWS AND severity:[5 TO 10]' });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.valid, true);
	});

	it('Validate Search answers valid: false with the vendor error for a bad search', async () => {
		const result = await run('validate', { filters: { criteriaJson: '{"backend_timestamp": {"range": "-1d"}}' } });
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.items[0].json.valid, false);
		assert.ok(result.items[0].json.error_code, JSON.stringify(result.items[0].json));
	});

	it('Get Search Suggestions sends query and count', async () => {
		await sb.mark();
		const result = await run('getSearchSuggestions', { suggestionQuery: 'devi', count: 4 });
		assert.equal(result.error, undefined, result.error?.message);
		const [request] = await sb.requestsSinceMark();
		assert.equal(request.method, 'GET');
		assert.deepEqual(request.query, { query: 'devi', count: '4' });
		assert.ok(result.items.length > 0 && result.items.length <= 4);
		for (const item of result.items) assert.match(item.json.term, /^devi/);
	});

	it('Get History returns one item per history entry', async () => {
		const [alert] = await someAlerts(sb, 1);
		await runNode(helper, {
			type: 'carbonBlackCloud',
			parameters: { resource: 'alertNote', operation: 'create', alertId: { __rl: true, mode: 'id', value: alert.id }, note: 'history check' },
			credentials,
		});
		const result = await run('getHistory', { alertId: { __rl: true, mode: 'id', value: alert.id } });
		assert.equal(result.error, undefined, result.error?.message);
		assert.ok(result.items.length >= 1);
		assert.ok(result.items.some((i) => i.json.type === 'ALERT_NOTE_ADDED' && i.json.note.note === 'history check'));
		for (const item of result.items) assert.equal(item.json.alert_id, alert.id);
	});
});
