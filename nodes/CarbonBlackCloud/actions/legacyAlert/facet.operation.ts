import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { pairedItems } from '../../../shared/router';
import { pathwayField, selectionFields } from '../../descriptions/legacyAlert';
import { flattenFacets } from '../../helpers/facets';
import { pathwayPath, readPathway, readSelection } from '../../helpers/v6';
import { toList } from '../../helpers/utils';
import { cbcApiRequestObject } from '../../transport';

const properties: INodeProperties[] = [
	pathwayField,
	{
		displayName: 'Facet Fields',
		name: 'facetFields',
		type: 'multiOptions',
		required: true,
		default: ['ALERT_TYPE'],
		description:
			'Fields to count alerts by (terms.fields); each value found becomes an output item',
		options: [
			{ name: 'Alert Type', value: 'ALERT_TYPE' },
			{ name: 'Application Hash', value: 'APPLICATION_HASH' },
			{ name: 'Application Name', value: 'APPLICATION_NAME' },
			{ name: 'Category', value: 'CATEGORY' },
			{ name: 'Device ID', value: 'DEVICE_ID' },
			{ name: 'Device Name', value: 'DEVICE_NAME' },
			{ name: 'Policy Applied', value: 'POLICY_APPLIED' },
			{ name: 'Policy Applied State', value: 'POLICY_APPLIED_STATE' },
			{ name: 'Policy ID', value: 'POLICY_ID' },
			{ name: 'Policy Name', value: 'POLICY_NAME' },
			{ name: 'Reputation', value: 'REPUTATION' },
			{ name: 'Run State', value: 'RUN_STATE' },
			{ name: 'Sensor Action', value: 'SENSOR_ACTION' },
			{ name: 'Status', value: 'STATUS' },
			{ name: 'Tag', value: 'TAG' },
			{ name: 'Workflow', value: 'WORKFLOW' },
		],
	},
	{
		displayName: 'Values per Field',
		name: 'facetRows',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 20,
		description: 'Max number of values to return for each field (terms.rows)',
	},
	...selectionFields,
];

const displayOptions = { show: { resource: ['legacyAlert'], operation: ['facet'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const pathway = readPathway(this, itemIndex);
	const fields = toList(this.getNodeParameter('facetFields', itemIndex, [])).map((f) =>
		f.toUpperCase(),
	);
	if (!fields.length) {
		throw new NodeOperationError(this.getNode(), '"Facet Fields" is empty', {
			itemIndex,
			description: 'Pick at least one field to count alerts by, e.g. Alert Type.',
		});
	}
	const rows = Number(this.getNodeParameter('facetRows', itemIndex, 20));
	if (!Number.isInteger(rows) || rows < 1) {
		throw new NodeOperationError(
			this.getNode(),
			'"Values per Field" must be a whole number of at least 1',
			{ itemIndex },
		);
	}
	const body: IDataObject = {
		...readSelection(this, itemIndex, pathway),
		terms: { fields, rows },
	};
	const response = await cbcApiRequestObject(this, {
		method: 'POST',
		api: 'appservicesV6',
		path: pathwayPath(pathway, '_facet'),
		body,
		itemIndex,
	});
	return pairedItems(flattenFacets(response), itemIndex);
}
