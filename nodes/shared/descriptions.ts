import type { INodeProperties } from 'n8n-workflow';

/** Shows a parameter from this node version on. */
export function fromVersion(version: number) {
	return { '@version': [{ _cnd: { gte: version } }] };
}

/** Shows a parameter only before this node version. */
export function beforeVersion(version: number) {
	return { '@version': [{ _cnd: { lt: version } }] };
}

export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/**
 * The canvas subtitle: the chosen operation's action text ("Search alerts"), not the internal
 * values (`search: alert`). Built from the operation options, so it cannot drift from them.
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const names: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		const resources = (property.displayOptions?.show?.resource ?? []) as string[];
		for (const option of property.options ?? []) {
			if (!('value' in option)) continue;
			const text = 'action' in option && option.action ? option.action : option.name;
			for (const resource of resources) names[`${resource}:${String(option.value)}`] = String(text);
		}
	}
	return `={{ (${JSON.stringify(names)})[$parameter["resource"] + ":" + $parameter["operation"]] ?? $parameter["operation"] }}`;
}
