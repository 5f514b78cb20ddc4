import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { noteTextField, parentNoteOption } from '../../descriptions/notes';
import { NOTE_MAX_LENGTH } from '../../helpers/constants';
import { alertIdFromInput, checkNote } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [alertIdLocator, noteTextField, parentNoteOption];

const displayOptions = { show: { resource: ['alertNote'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const alertId = alertIdFromInput(
		node,
		this.getNodeParameter('alertId', itemIndex, '', { extractValue: true }),
		itemIndex,
	);
	const body: IDataObject = {
		note: checkNote(node, this.getNodeParameter('note', itemIndex, ''), itemIndex, NOTE_MAX_LENGTH),
	};
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (typeof options.parentId === 'string' && options.parentId.trim())
		body.parent_id = options.parentId.trim();
	const note = await cbcApiRequestObject(this, {
		method: 'POST',
		path: ['alerts', alertId, 'notes'],
		body,
		itemIndex,
		idempotent: false,
	});
	return pairedItems([{ alert_id: alertId, ...note }], itemIndex);
}
