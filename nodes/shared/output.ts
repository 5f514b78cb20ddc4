import type {
	IDataObject,
	IDisplayOptions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** How the reads of one kind of record can be shown: Simplified, Raw or Selected Fields. */
export interface OutputShape {
	/** Plural noun for the editor ("alerts"). */
	noun: string;
	/** At most 10 fields a person triages by, in this order (missing ones are left out). */
	simplified: readonly string[];
	/** Fields offered under Selected Fields (any other name also works through an expression). */
	fields: readonly string[];
	/** Rebuilds a record's simplified form; the default picks `simplified`. */
	simplify?: (record: IDataObject) => IDataObject;
}

export type OutputMode = 'simple' | 'raw' | 'fields';

const MODES: readonly OutputMode[] = ['simple', 'raw', 'fields'];

/** Field names worth a label of their own in the Selected Fields list. */
function fieldOptions(fields: readonly string[]): INodePropertyOptions[] {
	return [...fields].sort().map((field) => ({ name: field, value: field }));
}

/**
 * The Output choice of a read (as n8n's Outlook v2 node words it) and the field picker it shows
 * for Selected Fields. `show` places them under the operation and the node version.
 */
export function outputProperties(
	shape: OutputShape,
	show: IDisplayOptions['show'],
): INodeProperties[] {
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'simple',
			displayOptions: { show },
			options: [
				{
					name: 'Simplified',
					value: 'simple',
					description: `The fields a person triages by: ${shape.simplified.join(', ')}`,
				},
				{
					name: 'Raw',
					value: 'raw',
					description: `Every field of the ${shape.noun} as the API returns it`,
				},
				{
					name: 'Selected Fields',
					value: 'fields',
					description: 'Only the fields you pick (the ID is always kept)',
				},
			],
			description:
				'How much of each record to output; Simplified and Selected Fields keep the output small (AI agent tools, long lists)',
		},
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'multiOptions',
			default: [],
			displayOptions: { show: { ...show, output: ['fields'] } },
			options: fieldOptions(shape.fields),
			description: `The top-level fields of each ${shape.noun.replace(/s$/, '')} to output; an expression may name any other field`,
		},
	];
}

/** Reads Output and Fields; before the version that offers them both are absent and mean Raw. */
export function readOutputChoice(
	node: INode,
	read: (name: string, fallback: unknown) => unknown,
	itemIndex?: number,
): { mode: OutputMode; fields: string[] } {
	const mode = read('output', 'raw');
	if (typeof mode !== 'string' || !MODES.includes(mode as OutputMode)) {
		throw new NodeOperationError(
			node,
			`Output must be Simplified, Raw or Selected Fields, got ${JSON.stringify(mode)}`,
			{ itemIndex },
		);
	}
	if (mode !== 'fields') return { mode: mode as OutputMode, fields: [] };
	let fields = read('fields', []);
	if (typeof fields === 'string') fields = fields.split(',');
	if (!Array.isArray(fields) || fields.some((field) => typeof field !== 'string')) {
		throw new NodeOperationError(node, 'Fields must be a list of field names', { itemIndex });
	}
	const names = (fields as string[]).map((field) => field.trim()).filter(Boolean);
	if (!names.length) {
		throw new NodeOperationError(
			node,
			'Pick at least one field under Fields, or choose another Output',
			{
				itemIndex,
				description: 'Selected Fields outputs only the fields you pick; none are picked',
			},
		);
	}
	return { mode: 'fields', fields: names };
}

const own = (record: IDataObject, key: string) => Object.prototype.hasOwnProperty.call(record, key);

function pick(record: IDataObject, keys: readonly string[]): IDataObject {
	const out: IDataObject = {};
	for (const key of keys) if (own(record, key)) out[key] = record[key];
	return out;
}

/**
 * One record in the chosen form. Fields the node itself adds (`_notice`, `_eventId`) and the ID
 * are always kept.
 */
export function shapeRecord(
	shape: OutputShape,
	choice: { mode: OutputMode; fields: string[] },
	record: IDataObject,
): IDataObject {
	if (choice.mode === 'raw') return record;
	const ours = Object.keys(record).filter((key) => key.startsWith('_'));
	const body =
		choice.mode === 'simple'
			? (shape.simplify ?? ((r: IDataObject) => pick(r, shape.simplified)))(record)
			: pick(record, ['id', ...choice.fields.filter((field) => field !== 'id')]);
	return { ...body, ...pick(record, ours) };
}

/** Shapes the output items of a read; error items (Continue On Fail) are left as they are. */
export function shapeItems(
	items: INodeExecutionData[],
	shape: OutputShape,
	choiceFor: (itemIndex: number) => { mode: OutputMode; fields: string[] },
): INodeExecutionData[] {
	for (const item of items) {
		if (item.error) continue;
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		const itemIndex = typeof paired === 'number' ? paired : (paired?.item ?? 0);
		item.json = shapeRecord(shape, choiceFor(itemIndex), item.json);
	}
	return items;
}

/**
 * Adds Output and Fields to each read in `outputs` (keyed `resource:operation`), just before that
 * operation's Options collection (or after its last parameter), from `version` on.
 */
export function withOutputs(
	properties: INodeProperties[],
	outputs: Record<string, OutputShape>,
	version: number,
): INodeProperties[] {
	const out = [...properties];
	for (const [key, shape] of Object.entries(outputs)) {
		const [resource, operation] = key.split(':');
		const belongs = (property: INodeProperties) => {
			const show = property.displayOptions?.show;
			return (
				property.name !== 'operation' &&
				(show?.resource as string[] | undefined)?.includes(resource) === true &&
				(show?.operation as string[] | undefined)?.includes(operation) === true
			);
		};
		const indexes = out
			.map((property, index) => (belongs(property) ? index : -1))
			.filter((i) => i >= 0);
		const options = indexes.find((i) => out[i].name === 'options' && out[i].type === 'collection');
		const at = options ?? (indexes.length ? indexes[indexes.length - 1] + 1 : out.length);
		out.splice(
			at,
			0,
			...outputProperties(shape, {
				resource: [resource],
				operation: [operation],
				'@version': [{ _cnd: { gte: version } }],
			}),
		);
	}
	return out;
}
