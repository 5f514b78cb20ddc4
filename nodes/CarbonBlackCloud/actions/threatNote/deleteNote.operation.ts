import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { noteIdField } from '../../descriptions/notes';
import { threatIdFields } from '../../descriptions/threat';
import { deleteNote } from '../../helpers/notes';
import { readThreatId } from '../../helpers/utils';

const properties: INodeProperties[] = [...threatIdFields, noteIdField];

const displayOptions = { show: { resource: ['threatNote'], operation: ['deleteNote'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const threatId = readThreatId(this, itemIndex);
	const noteId = await deleteNote(this, ['threats', threatId], itemIndex);
	return pairedItems([{ deleted: true, threat_id: threatId, note_id: noteId }], itemIndex);
}
