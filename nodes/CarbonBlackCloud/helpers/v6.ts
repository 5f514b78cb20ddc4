import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeValue } from '../../shared/params';
import { readTimeRange } from './searchBody';
import { parseJsonObject, toList } from './utils';

export type Pathway = 'all' | 'cbAnalytics' | 'vmware' | 'watchlist';

/** Path segment after `alerts/` for each pathway of the v6 search, facet and bulk routes. */
const PATHWAY_SEGMENTS: Record<Pathway, string[]> = {
	all: [],
	cbAnalytics: ['cbanalytics'],
	vmware: ['vmware'],
	watchlist: ['watchlist'],
};

export const PATHWAY_LABELS: Record<Pathway, string> = {
	all: 'All Alerts',
	cbAnalytics: 'CB Analytics',
	vmware: 'VMware',
	watchlist: 'Watchlist',
};

export function readPathway(ctx: IExecuteFunctions, itemIndex: number): Pathway {
	const value = String(ctx.getNodeParameter('pathway', itemIndex, 'all'));
	if (!(value in PATHWAY_SEGMENTS)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Pathway" must be one of all, cbAnalytics, vmware, watchlist; got "${value}"`,
			{
				itemIndex,
			},
		);
	}
	return value as Pathway;
}

/** `['alerts', <pathway>?, ...rest]`, e.g. `alerts/watchlist/workflow/_criteria`. */
export function pathwayPath(pathway: Pathway, ...rest: string[]): string[] {
	return ['alerts', ...PATHWAY_SEGMENTS[pathway], ...rest];
}

type Kind = 'strings' | 'numbers' | 'integer' | 'boolean';

interface CriterionField {
	criterion: string;
	label: string;
	kind: Kind;
	/** Only sent on this pathway (the doc's "Additional Supported criteria" tables). */
	pathway?: Pathway;
}

/** Filters collection option name → v6 criteria key. */
export const CRITERIA_FIELDS: Record<string, CriterionField> = {
	category: { criterion: 'category', label: 'Category', kind: 'strings' },
	deviceId: { criterion: 'device_id', label: 'Device ID', kind: 'numbers' },
	deviceName: { criterion: 'device_name', label: 'Device Name', kind: 'strings' },
	deviceOs: { criterion: 'device_os', label: 'Device OS', kind: 'strings' },
	deviceOsVersion: { criterion: 'device_os_version', label: 'Device OS Version', kind: 'strings' },
	deviceUsername: { criterion: 'device_username', label: 'Device Username', kind: 'strings' },
	groupResults: { criterion: 'group_results', label: 'Group Results', kind: 'boolean' },
	alertIds: { criterion: 'id', label: 'Alert IDs', kind: 'strings' },
	legacyAlertId: { criterion: 'legacy_alert_id', label: 'Legacy Alert ID', kind: 'strings' },
	minimumSeverity: { criterion: 'minimum_severity', label: 'Minimum Severity', kind: 'integer' },
	policyId: { criterion: 'policy_id', label: 'Policy ID', kind: 'numbers' },
	policyName: { criterion: 'policy_name', label: 'Policy Name', kind: 'strings' },
	processName: { criterion: 'process_name', label: 'Process Name', kind: 'strings' },
	processSha256: { criterion: 'process_sha256', label: 'Process SHA-256', kind: 'strings' },
	reputation: { criterion: 'reputation', label: 'Reputation', kind: 'strings' },
	tag: { criterion: 'tag', label: 'Tag', kind: 'strings' },
	targetValue: { criterion: 'target_value', label: 'Target Value', kind: 'strings' },
	threatId: { criterion: 'threat_id', label: 'Threat ID', kind: 'strings' },
	type: { criterion: 'type', label: 'Alert Type', kind: 'strings' },
	workflowState: { criterion: 'workflow', label: 'Workflow State', kind: 'strings' },
	blockedThreatCategory: {
		criterion: 'blocked_threat_category',
		label: 'Blocked Threat Category',
		kind: 'strings',
		pathway: 'cbAnalytics',
	},
	deviceLocation: {
		criterion: 'device_location',
		label: 'Device Location',
		kind: 'strings',
		pathway: 'cbAnalytics',
	},
	killChainStatus: {
		criterion: 'kill_chain_status',
		label: 'Kill Chain Status',
		kind: 'strings',
		pathway: 'cbAnalytics',
	},
	notBlockedThreatCategory: {
		criterion: 'not_blocked_threat_category',
		label: 'Not Blocked Threat Category',
		kind: 'strings',
		pathway: 'cbAnalytics',
	},
	policyApplied: {
		criterion: 'policy_applied',
		label: 'Policy Applied',
		kind: 'strings',
		pathway: 'cbAnalytics',
	},
	reasonCode: {
		criterion: 'reason_code',
		label: 'Reason Code',
		kind: 'strings',
		pathway: 'cbAnalytics',
	},
	runState: { criterion: 'run_state', label: 'Run State', kind: 'strings', pathway: 'cbAnalytics' },
	sensorAction: {
		criterion: 'sensor_action',
		label: 'Sensor Action',
		kind: 'strings',
		pathway: 'cbAnalytics',
	},
	threatCauseVector: {
		criterion: 'threat_cause_vector',
		label: 'Threat Cause Vector',
		kind: 'strings',
		pathway: 'cbAnalytics',
	},
	groupId: { criterion: 'group_id', label: 'Group ID', kind: 'strings', pathway: 'vmware' },
	reportId: { criterion: 'report_id', label: 'Report ID', kind: 'strings', pathway: 'watchlist' },
	reportName: {
		criterion: 'report_name',
		label: 'Report Name',
		kind: 'strings',
		pathway: 'watchlist',
	},
	watchlistId: {
		criterion: 'watchlist_id',
		label: 'Watchlist ID',
		kind: 'strings',
		pathway: 'watchlist',
	},
	watchlistName: {
		criterion: 'watchlist_name',
		label: 'Watchlist Name',
		kind: 'strings',
		pathway: 'watchlist',
	},
};

function criterionValue(
	node: INode,
	field: CriterionField,
	raw: unknown,
	itemIndex: number,
): unknown {
	if (field.kind === 'boolean') return Boolean(raw);
	if (field.kind === 'integer') {
		const n = Number(raw);
		if (!Number.isInteger(n)) {
			throw new NodeOperationError(
				node,
				`"${field.label}" must be a whole number, got ${JSON.stringify(raw)}`,
				{
					itemIndex,
				},
			);
		}
		return n;
	}
	const entries: unknown[] = Array.isArray(raw) ? raw : [raw];
	const odd = entries.find((v) => v !== null && v !== undefined && typeof v === 'object');
	if (odd !== undefined) {
		throw new NodeOperationError(
			node,
			`"${field.label}" must list values as text, got ${describeValue(odd)}`,
			{ itemIndex, description: 'Separate several values with commas, e.g. a1, b2' },
		);
	}
	const list = toList(raw);
	if (field.kind === 'strings') return list;
	return list.map((entry) => {
		const n = Number(entry);
		if (!/^\d+$/.test(entry) || !Number.isSafeInteger(n)) {
			throw new NodeOperationError(node, `"${field.label}" must list numeric IDs, got "${entry}"`, {
				itemIndex,
				description: 'Separate several IDs with commas, e.g. 388948, 12344',
			});
		}
		return n;
	});
}

export interface V6Selection extends IDataObject {
	query?: string;
	criteria?: IDataObject;
}

/**
 * Reads Query, Time Range and Filters into `query` + `criteria`. Filters of another pathway
 * (left over after a pathway switch) are ignored; Raw Criteria (JSON) is merged last, unchecked,
 * so the vendor decides what it accepts.
 */
export function readSelection(
	ctx: IExecuteFunctions,
	itemIndex: number,
	pathway: Pathway,
): V6Selection {
	const node = ctx.getNode();
	const out: V6Selection = {};
	const query = String(ctx.getNodeParameter('query', itemIndex, '') ?? '').trim();
	if (query) out.query = query;

	const criteria: IDataObject = {};
	const createTime = readTimeRange(ctx, itemIndex); // v6 create_time; undefined for Any Time
	if (createTime) criteria.create_time = createTime;

	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	for (const [name, raw] of Object.entries(filters)) {
		const field = CRITERIA_FIELDS[name];
		if (!field || (field.pathway && field.pathway !== pathway)) continue;
		const value = criterionValue(node, field, raw, itemIndex);
		if (Array.isArray(value) && value.length === 0) continue;
		criteria[field.criterion] = value as IDataObject[keyof IDataObject];
	}
	Object.assign(
		criteria,
		parseJsonObject(node, filters.criteriaJson, 'Raw Criteria (JSON)', itemIndex),
	);
	if (Object.keys(criteria).length) out.criteria = criteria;
	return out;
}

const STATES = ['OPEN', 'DISMISSED'];

/** v6 workflow state: OPEN or DISMISSED (the doc also writes them lower-case). */
export function parseWorkflowState(node: INode, value: unknown, itemIndex: number): string {
	const state = String(value ?? '')
		.trim()
		.toUpperCase();
	if (!STATES.includes(state)) {
		throw new NodeOperationError(
			node,
			`"State" must be Open or Dismissed, got ${JSON.stringify(value ?? '')}`,
			{
				itemIndex,
				description: 'The legacy v6 workflow knows only OPEN and DISMISSED.',
			},
		);
	}
	return state;
}

/** `state`, `comment` and `remediation_state` of a workflow change. */
export function readWorkflowChange(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const body: IDataObject = {
		state: parseWorkflowState(ctx.getNode(), ctx.getNodeParameter('state', itemIndex), itemIndex),
	};
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const comment = String(fields.comment ?? '').trim();
	if (comment) body.comment = comment;
	const remediation = String(fields.remediationState ?? '').trim();
	if (remediation) body.remediation_state = remediation;
	return body;
}

/** Options › Wait for Completion and Timeout (Seconds). */
export function readWaitOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	waitByDefault: boolean,
): { wait: boolean; timeoutMs: number } {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const wait =
		options.waitForCompletion === undefined ? waitByDefault : options.waitForCompletion === true;
	const seconds = Number(options.timeout ?? 300);
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Timeout (Seconds)" must be a positive number, got ${JSON.stringify(options.timeout)}`,
			{ itemIndex },
		);
	}
	return { wait, timeoutMs: seconds * 1000 };
}
