import type { IDataObject } from 'n8n-workflow';

/** Tag replies differ by route (`list`, `tags`, even a JSON string): always return a string array. */
export function tagsOf(response: IDataObject): string[] {
	let value: unknown = response.list ?? response.tags ?? [];
	if (typeof value === 'string') {
		const text = value;
		try {
			value = JSON.parse(text);
		} catch {
			value = text.replace(/^\[|\]$/g, '').split(',');
		}
	}
	return Array.isArray(value) ? value.map((tag) => String(tag).trim()).filter(Boolean) : [];
}
