import { DateTime } from 'luxon';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { toUtcIso } from '../shared/dates';
import type { AlertSearchBody } from './transport/paginate';
import { buildCriteria } from './helpers/criteria';
import { alertFilters } from './descriptions/common';
import { dedupe } from './trigger/dedupe';
import type { TriggerEvent } from './trigger/fetch';
import { EVENT_TIMESTAMP, fetchLatest, fetchWindow } from './trigger/fetch';
import { fingerprintOf, readState, writeState } from './trigger/state';
import { computeWindow } from './trigger/window';

function readBody(ctx: IPollFunctions): AlertSearchBody {
	const body: AlertSearchBody = {};
	const query = String(ctx.getNodeParameter('query', '') ?? '').trim();
	if (query) body.query = query;
	const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
	const { criteria, exclusions } = buildCriteria(ctx.getNode(), filters, 0);
	if (Object.keys(criteria).length) body.criteria = criteria;
	if (Object.keys(exclusions).length) body.exclusions = exclusions;
	return body;
}

export class CarbonBlackCloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Carbon Black Cloud Trigger',
		name: 'carbonBlackCloudTrigger',
		icon: {
			light: 'file:../../icons/carbonBlackCloud.svg',
			dark: 'file:../../icons/carbonBlackCloud.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] === "alertUpdated" ? "Alert Updated" : "Alert Created"}}',
		// n8n's node panel shows this text for the merged action + trigger entry, so it names both
		description:
			'Starts a workflow when Carbon Black Cloud alerts are created or updated; the action node searches, triages and closes them',
		defaults: { name: 'Carbon Black Cloud Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'carbonBlackCloudApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				default: 'alertCreated',
				options: [
					{
						name: 'Alert Created',
						value: 'alertCreated',
						description: 'Each new alert once, by the time Carbon Black Cloud created it',
					},
					{
						name: 'Alert Updated',
						value: 'alertUpdated',
						description:
							'Each change of an alert once (workflow, determination, tags, notes, new events)',
					},
				],
			},
			{
				displayName: 'Query',
				name: 'query',
				type: 'string',
				default: '',
				placeholder: 'e.g. device_os:WINDOWS AND NOT process_name:svchost.exe',
				description: 'Lucene query over the alert search fields; leave empty for all alerts',
			},
			alertFilters,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Late Arrival Window (Seconds)',
						name: 'overlapSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 900,
						description:
							'How far back each poll looks again for alerts that became searchable late; duplicates are never emitted',
					},
					{
						displayName: 'Settle Delay (Seconds)',
						name: 'settleSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 60,
						description:
							'Only alerts older than this are read, as Carbon Black recommends for exports',
					},
					{
						displayName: 'Start Date',
						name: 'startFrom',
						type: 'dateTime',
						default: '',
						description: 'On first activation, emit alerts from this date instead of only new ones',
					},
					{
						displayName: 'Updated Alerts Created Within (Days)',
						name: 'createdWithinDays',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 180 },
						default: 30,
						description:
							'For Alert Updated: how old an alert may be and still be watched for changes',
						displayOptions: { show: { '/event': ['alertUpdated'] } },
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const event = this.getNodeParameter('event', 'alertCreated') as TriggerEvent;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const body = readBody(this);
		const stamp = EVENT_TIMESTAMP[event];
		const settleMs = Number(options.settleSeconds ?? 60) * 1000;
		const overlapMs = Number(options.overlapSeconds ?? 900) * 1000;
		const createdWithinMs = Number(options.createdWithinDays ?? 30) * 86_400_000;
		if (![settleMs, overlapMs, createdWithinMs].every((v) => Number.isFinite(v) && v >= 0)) {
			throw new NodeOperationError(node, 'The trigger options must be positive numbers');
		}

		if (this.getMode() === 'manual') {
			const latest = await fetchLatest(this, event, body);
			return latest.length ? [this.helpers.returnJsonArray(latest)] : null;
		}

		const credentials = await this.getCredentials('carbonBlackCloudApi');
		const fingerprint = fingerprintOf([
			event,
			body,
			credentials.environment,
			credentials.customUrl,
			credentials.orgKey,
		]);
		const staticData = this.getWorkflowStaticData('node');
		const now = DateTime.utc().toMillis();
		let state = readState(staticData, fingerprint);
		if (!state) {
			const startFrom = options.startFrom
				? Date.parse(toUtcIso(node, options.startFrom, 'Start Date', 0))
				: undefined;
			const baseline = startFrom ?? now - settleMs;
			state = { version: 1, fingerprint, watermark: baseline, floor: baseline, seen: {} };
			if (startFrom === undefined) {
				writeState(staticData, state);
				return null;
			}
		}

		const window = computeWindow(state.watermark, state.floor, now, { settleMs, overlapMs });
		if (!window) {
			writeState(staticData, state);
			return null;
		}
		const alerts = await fetchWindow(this, event, body, window, createdWithinMs);
		const keyOf =
			event === 'alertCreated'
				? (alert: IDataObject) => String(alert.id)
				: (alert: IDataObject) => `${String(alert.id)}@${String(alert[stamp])}`;
		const { emit, seen } = dedupe(
			alerts,
			state.seen,
			keyOf,
			(alert) => Date.parse(String(alert[stamp])),
			Math.max(state.floor, window.to - overlapMs),
		);
		writeState(staticData, { ...state, watermark: window.to, seen });
		return emit.length ? [this.helpers.returnJsonArray(emit)] : null;
	}
}
