import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { noteTextField, parentNoteOption } from '../../descriptions/notes';
import { createNote } from '../../helpers/notes';
import { readAlertId } from '../../helpers/utils';

const properties: INodeProperties[] = [alertIdLocator, noteTextField, parentNoteOption];

const displayOptions = { show: { resource: ['alertNote'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const alertId = readAlertId(this, itemIndex);
	const note = await createNote(this, ['alerts', alertId], itemIndex);
	return pairedItems([{ alert_id: alertId, ...note }], itemIndex);
}
