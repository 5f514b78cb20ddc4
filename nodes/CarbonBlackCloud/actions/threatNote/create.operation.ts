import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { noteTextField, parentNoteOption } from '../../descriptions/notes';
import { threatIdField } from '../../descriptions/threat';
import { NOTE_MAX_LENGTH } from '../../helpers/constants';
import { checkNote, requireText } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [threatIdField, noteTextField, parentNoteOption];

const displayOptions = { show: { resource: ['threatNote'], operation: ['create'] } };

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
	const body: IDataObject = {
		note: checkNote(node, this.getNodeParameter('note', itemIndex, ''), itemIndex, NOTE_MAX_LENGTH),
	};
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (typeof options.parentId === 'string' && options.parentId.trim())
		body.parent_id = options.parentId.trim();
	const note = await cbcApiRequestObject(this, {
		method: 'POST',
		path: ['threats', threatId, 'notes'],
		body,
		itemIndex,
		idempotent: false,
	});
	return pairedItems([{ threat_id: threatId, ...note }], itemIndex);
}
