import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { alertIdLocator } from '../../descriptions/common';
import { alertGoneMessage, readAlertId } from '../../helpers/utils';
import { ctaApiRequestObjectOrEmpty } from '../../transport';

/** The note limit the API enforces (longer notes answer 400). */
const NOTE_MAX_LENGTH = 5_000;

const properties: INodeProperties[] = [
	alertIdLocator,
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. Started investigation, our internal ticket ID=INC-1234',
		description: 'Replaces the alert note (at most 5,000 characters)',
		hint: 'Cisco may wipe the note of an alert in status New when alerts are recalculated; set the status to Open first to keep it',
	},
];

const displayOptions = { show: { resource: ['alert'], operation: ['setNote'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const alertId = readAlertId(this, itemIndex);
	const note = String(this.getNodeParameter('note', itemIndex, '') ?? '');
	if (note.trim() === '') {
		throw new NodeOperationError(this.getNode(), 'The note is empty', {
			itemIndex,
			description: 'Enter a note, or use Alert › Delete Note to remove one.',
		});
	}
	if (note.length > NOTE_MAX_LENGTH) {
		throw new NodeOperationError(
			this.getNode(),
			`The note is ${note.length} characters long; the limit is ${NOTE_MAX_LENGTH}`,
			{ itemIndex, description: 'Shorten the note; Cisco keeps one note per alert.' },
		);
	}
	const alert = await ctaApiRequestObjectOrEmpty(
		this,
		{
			method: 'PATCH',
			service: 'alert-management',
			path: ['alerts', alertId, 'note'],
			body: { note },
			itemIndex,
			notFoundMessage: alertGoneMessage(alertId),
		},
		{ id: alertId, note },
	);
	return pairedItems([alert], itemIndex);
}
