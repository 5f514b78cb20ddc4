import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { noteIdField } from '../../descriptions/notes';
import { threatIdField } from '../../descriptions/threat';
import { requireText } from '../../helpers/utils';
import { cbcApiRequest } from '../../transport';

const properties: INodeProperties[] = [threatIdField, noteIdField];

const displayOptions = { show: { resource: ['threatNote'], operation: ['deleteNote'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const threatId = requireText(
		node,
		this.getNodeParameter('threatId', itemIndex, ''),
		'Threat ID',
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
		path: ['threats', threatId, 'notes', noteId],
		itemIndex,
		idempotent: false,
	});
	return pairedItems([{ deleted: true, threat_id: threatId, note_id: noteId }], itemIndex);
}
