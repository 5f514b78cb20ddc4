import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { noteIdField } from '../../descriptions/notes';
import { alertIdFromInput, requireText } from '../../helpers/utils';
import { cbcApiRequest } from '../../transport';

const properties: INodeProperties[] = [alertIdLocator, noteIdField];

const displayOptions = { show: { resource: ['alertNote'], operation: ['deleteNote'] } };

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
	const noteId = requireText(
		node,
		this.getNodeParameter('noteId', itemIndex, ''),
		'Note ID',
		itemIndex,
	);
	await cbcApiRequest(this, {
		method: 'DELETE',
		path: ['alerts', alertId, 'notes', noteId],
		itemIndex,
		idempotent: false,
	});
	return pairedItems([{ deleted: true, alert_id: alertId, note_id: noteId }], itemIndex);
}
