import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { idListField } from '../../descriptions/common';
import { inIdOrder, parseIdList } from '../../helpers/utils';
import { ALERTS_BY_ID, ctaFindByIds } from '../../transport/paginate';

const properties: INodeProperties[] = [
	idListField(
		'alertIds',
		'Alert IDs',
		'Alerts to read, comma-separated or an array; any number, searched 1,000 at a time',
		true,
	),
];

const displayOptions = { show: { resource: ['alert'], operation: ['getAllByIds'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const raw = this.getNodeParameter('alertIds', itemIndex, '');
	const ids = parseIdList(this.getNode(), raw, 'Alert IDs', itemIndex, { required: true });
	const found = await ctaFindByIds(this, ALERTS_BY_ID, ids, itemIndex);
	return pairedItems(inIdOrder(ids, found), itemIndex);
}
