import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { alertGoneMessage, parseIdList, readAlertId } from '../../helpers/utils';
import { ctaApiRequestObjectOrEmpty } from '../../transport';

const STATUSES = ['New', 'Open', 'Closed'];

const properties: INodeProperties[] = [
	alertIdLocator,
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		required: true,
		default: 'Open',
		options: [
			{ name: 'Closed', value: 'Closed' },
			{ name: 'New', value: 'New' },
			{ name: 'Open', value: 'Open' },
		],
	},
	{
		displayName: 'Closing Reasons',
		name: 'closingReasons',
		type: 'string',
		default: '',
		placeholder: 'e.g. FalsePositive, Remediated',
		description:
			'Why the alert is closed, comma-separated (up to 20), using the reason values of your tenant as listed in the Global Threat Alerts OpenAPI documentation',
		displayOptions: { show: { status: ['Closed'] } },
	},
];

const displayOptions = { show: { resource: ['alert'], operation: ['updateStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const alertId = readAlertId(this, itemIndex);
	const value = String(this.getNodeParameter('status', itemIndex, '') ?? '').trim();
	if (!STATUSES.includes(value)) {
		throw new NodeOperationError(node, `"${value.slice(0, 40)}" is not an alert status`, {
			itemIndex,
			description: 'Use New, Open or Closed.',
		});
	}
	// The deprecated `state` key is never sent: the API now takes `status` only.
	const status: IDataObject = { value };
	if (value === 'Closed') {
		const raw = this.getNodeParameter('closingReasons', itemIndex, '');
		const reasons = parseIdList(node, raw, 'Closing Reasons', itemIndex, {
			max: 20,
			keepSpaces: true,
		});
		if (reasons.length) status.closingReasons = reasons;
	}
	const alert = await ctaApiRequestObjectOrEmpty(
		this,
		{
			method: 'PATCH',
			service: 'alert-management',
			path: ['alerts', alertId, 'status'],
			body: { status },
			itemIndex,
			notFoundMessage: alertGoneMessage(alertId),
		},
		{ id: alertId, status },
	);
	return pairedItems([alert], itemIndex);
}
