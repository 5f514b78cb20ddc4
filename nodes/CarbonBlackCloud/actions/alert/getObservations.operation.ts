import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { chunk, unique } from '../../../shared/batch';
import { returnAllOrLimit } from '../../../shared/descriptions';
import { readMaxResults } from '../../../shared/params';
import { readPerItem, settleItems } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { readAlertId } from '../../helpers/utils';
import { OBSERVATION_JOB_ROWS, searchObservations } from '../../transport/observations';

/** Alerts per observation search job. */
const ALERTS_PER_JOB = 50;

const properties: INodeProperties[] = [
	alertIdLocator,
	{
		...returnAllOrLimit[0],
		description: 'Whether to return every observation of the alert or only up to a given limit',
	},
	{ ...returnAllOrLimit[1], description: 'Max number of observations per alert', default: 50 },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 120,
				description: 'How long to wait for the observation search before failing',
			},
		],
	},
];

const displayOptions = { show: { resource: ['alert'], operation: ['getObservations'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface Plan {
	alertId: string;
	max?: number;
	timeoutMs: number;
}

/**
 * One item per observation and input alert, paired with that alert's item and naming it in
 * `_alertId` (the vendor's `alert_id` lists every alert the observation belongs to). Many items
 * share search jobs of up to 50 alerts.
 */
export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const plans = readPerItem(this, (i): Plan => {
		const timeout = Number((this.getNodeParameter('options', i, {}) as IDataObject).timeout ?? 120);
		if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 3600) {
			throw new NodeOperationError(node, '"Timeout" must be 1 to 3,600 seconds', { itemIndex: i });
		}
		return {
			alertId: readAlertId(this, i),
			max: readMaxResults(this, i),
			timeoutMs: timeout * 1000,
		};
	});
	const valid = plans.filter((p): p is Plan => !(p instanceof Error));
	const byAlert = new Map<string, IDataObject[] | Error>();
	for (const part of chunk(unique(valid.map((p) => p.alertId)), ALERTS_PER_JOB)) {
		const mine = valid.filter((p) => part.includes(p.alertId));
		try {
			const { results, found } = await searchObservations(this, part, {
				rows: OBSERVATION_JOB_ROWS,
				timeoutMs: Math.max(...mine.map((p) => p.timeoutMs)),
			});
			const lists = new Map<string, IDataObject[]>(part.map((id) => [id, []]));
			// `alert_id` is a list: an observation may belong to several alerts
			for (const observation of results) {
				const ids = Array.isArray(observation.alert_id) ? observation.alert_id : [observation.alert_id];
				for (const id of new Set(ids.map(String))) lists.get(id)?.push(observation);
			}
			// A job holds at most 10,000: if it found more, an alert may be short of what was asked.
			const short = mine.find((p) => p.max === undefined || lists.get(p.alertId)!.length < p.max);
			if (found > results.length && short) {
				throw new NodeOperationError(
					node,
					`The alerts have ${found} observations; one search returns at most ${OBSERVATION_JOB_ROWS}`,
					{ description: 'Use fewer input items per run, or a smaller Limit per alert.' },
				);
			}
			for (const [id, list] of lists) byAlert.set(id, list);
		} catch (error) {
			for (const id of part) byAlert.set(id, error as Error);
		}
	}
	const results = plans.map((plan): IDataObject[] | Error => {
		if (plan instanceof Error) return plan;
		const list = byAlert.get(plan.alertId) ?? [];
		if (list instanceof Error) return list;
		return (plan.max === undefined ? list : list.slice(0, plan.max)).map((o) => ({
			...o,
			_alertId: plan.alertId,
		}));
	});
	return settleItems(this, results);
}
