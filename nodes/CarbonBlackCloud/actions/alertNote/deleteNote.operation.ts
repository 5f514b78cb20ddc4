import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { noteIdField } from '../../descriptions/notes';
import { deleteNote } from '../../helpers/notes';
import { readAlertId } from '../../helpers/utils';

const properties: INodeProperties[] = [alertIdLocator, noteIdField];

const displayOptions = { show: { resource: ['alertNote'], operation: ['deleteNote'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const alertId = readAlertId(this, itemIndex);
	const noteId = await deleteNote(this, ['alerts', alertId], itemIndex);
	return pairedItems([{ deleted: true, alert_id: alertId, note_id: noteId }], itemIndex);
}
