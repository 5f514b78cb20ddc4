import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chunk, groupBy } from '../../../shared/batch';
import { readPerItem, settleItems } from '../../../shared/router';
import { alertFilterFields, alertIdLocator } from '../../descriptions/common';
import { waitOptions, workflowChangeFields } from '../../descriptions/workflow';
import { ALL_TIME_START, ID_CHUNK_SIZE } from '../../helpers/constants';
import { buildAlertSearchBody } from '../../helpers/searchBody';
import { readAlertId } from '../../helpers/utils';
import type { WorkflowChange } from '../../helpers/workflow';
import { readWaitOptions, readWorkflowChange } from '../../helpers/workflow';
import { cbcApiRequestObject } from '../../transport';
import { waitForJob } from '../../transport/jobs';

const properties: INodeProperties[] = [
	{
		displayName: 'Update',
		name: 'target',
		type: 'options',
		default: 'alertIds',
		options: [
			{
				name: 'Alerts by ID',
				value: 'alertIds',
				description: 'The alert of each input item; items with the same settings share one request',
			},
			{
				name: 'Alerts Matching a Search',
				value: 'search',
				description: 'Every alert the search finds',
			},
		],
	},
	{ ...alertIdLocator, displayOptions: { show: { target: ['alertIds'] } } },
	...alertFilterFields.map((field) => ({
		...field,
		displayOptions: { show: { target: ['search'], ...(field.displayOptions?.show ?? {}) } },
	})),
	...workflowChangeFields,
	waitOptions,
];

const displayOptions = { show: { resource: ['alert'], operation: ['updateWorkflow'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface Planned {
	selection: IDataObject;
	change: WorkflowChange;
	alertId?: string;
	wait: boolean;
	timeoutMs: number;
}

/** Items with identical settings are grouped into one bulk request (one job) per 1,000 alert IDs. */
export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const plans = readPerItem(this, (itemIndex): Planned => {
		const target = this.getNodeParameter('target', itemIndex, 'alertIds') as string;
		const change = readWorkflowChange(this, itemIndex);
		const { wait, timeoutMs } = readWaitOptions(this, itemIndex);
		if (target === 'search') {
			return { selection: buildAlertSearchBody(this, itemIndex), change, wait, timeoutMs };
		}
		const alertId = readAlertId(this, itemIndex);
		return { selection: {}, change, alertId, wait, timeoutMs };
	});
	const results: Array<IDataObject[] | Error> = plans.map((plan) =>
		plan instanceof Error ? plan : [],
	);
	const entries = plans.flatMap((plan, index) =>
		plan instanceof Error ? [] : [{ index, value: plan }],
	);
	const groups = groupBy(entries, (plan) =>
		JSON.stringify([
			plan.alertId === undefined ? plan.selection : 'ids',
			plan.change,
			plan.wait,
			plan.timeoutMs,
		]),
	);

	for (const group of groups) {
		const { change, wait, timeoutMs } = group.value;
		const byId = group.value.alertId !== undefined;
		const batches = byId ? chunk(group.indexes, ID_CHUNK_SIZE) : [group.indexes];
		for (const indexes of batches) {
			const ids = byId ? [...new Set(indexes.map((i) => (plans[i] as Planned).alertId!))] : [];
			const selection = byId
				? {
						time_range: { start: ALL_TIME_START, end: new Date().toISOString() },
						criteria: { id: ids },
					}
				: group.value.selection;
			try {
				const submitted = await cbcApiRequestObject(this, {
					method: 'POST',
					path: ['alerts', 'workflow'],
					body: { ...selection, ...change },
					itemIndex: indexes[0],
					idempotent: false,
				});
				const requestId = String(submitted.request_id ?? '');
				const job = wait
					? await waitForJob(this, requestId, { timeoutMs, itemIndex: indexes[0] })
					: undefined;
				for (const index of indexes) {
					const plan = plans[index] as Planned;
					results[index] = [
						{
							...(plan.alertId !== undefined ? { alert_id: plan.alertId } : {}),
							request_id: requestId,
							job_status: job ? job.status : 'SUBMITTED',
							...change,
							...(job ? { job } : {}),
						},
					];
				}
			} catch (error) {
				for (const index of indexes) results[index] = error as Error;
			}
		}
	}
	return settleItems(this, results);
}
