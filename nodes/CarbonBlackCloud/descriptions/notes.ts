import type { INodeProperties } from 'n8n-workflow';

export const noteTextField: INodeProperties = {
	displayName: 'Note',
	name: 'note',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	required: true,
	placeholder: 'e.g. Isolated the device; waiting for the user to confirm',
	description: 'Note text, 1 to 20,000 characters',
};

export const parentNoteOption: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Reply To Note ID',
			name: 'parentId',
			type: 'string',
			default: '',
			placeholder: 'e.g. eb0c0791-505b-408e-8b03-24562a95a875',
			description: 'ID of the note this one answers, to build a thread',
		},
	],
};

export const noteIdField: INodeProperties = {
	displayName: 'Note ID',
	name: 'noteId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 39a3e335-9a31-4778-addd-fccbc40483a3',
};
