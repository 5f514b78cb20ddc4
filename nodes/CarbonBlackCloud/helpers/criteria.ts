import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseJsonObject, toList } from './utils';

/** Friendly filter name → v7 criteria field (values are lists). */
const LIST_FIELDS: Record<string, string> = {
	type: 'type',
	determination: 'determination_value',
	deviceName: 'device_name',
	deviceOs: 'device_os',
	devicePolicy: 'device_policy',
	processName: 'process_name',
	processSha256: 'process_sha256',
	tag: 'tags',
	threatId: 'threat_id',
	workflowStatus: 'workflow_status',
};

/** Reads the Filters collection into v7 `criteria` and `exclusions`. */
export function buildCriteria(
	node: INode,
	filters: IDataObject,
	itemIndex: number,
): { criteria: IDataObject; exclusions: IDataObject } {
	const criteria: IDataObject = {};
	for (const [name, field] of Object.entries(LIST_FIELDS)) {
		const values = toList(filters[name]);
		if (values.length) criteria[field] = values;
	}
	const deviceIds = toList(filters.deviceId);
	if (deviceIds.length) {
		criteria.device_id = deviceIds.map((value) => {
			const id = Number(value);
			if (!Number.isSafeInteger(id) || id < 0) {
				throw new NodeOperationError(node, `"Device ID" must be numeric, got "${value}"`, {
					itemIndex,
				});
			}
			return id;
		});
	}
	if (filters.minimumSeverity !== undefined && filters.minimumSeverity !== '') {
		const severity = Number(filters.minimumSeverity);
		if (!Number.isInteger(severity) || severity < 1 || severity > 10) {
			throw new NodeOperationError(node, '"Minimum Severity" must be a whole number from 1 to 10', {
				itemIndex,
			});
		}
		criteria.minimum_severity = severity;
	}
	Object.assign(
		criteria,
		parseJsonObject(node, filters.criteriaJson, 'Raw Criteria (JSON)', itemIndex),
	);
	const exclusions = parseJsonObject(
		node,
		filters.exclusionsJson,
		'Raw Exclusions (JSON)',
		itemIndex,
	);
	return { criteria, exclusions };
}
