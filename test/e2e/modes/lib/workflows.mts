// The workflows and credentials of the production-modes e2e, built in code (their credential IDs
// and poll times are parameters). Every workflow: our trigger → Edit Fields (trigger, object_id,
// event_id = `_eventId`, execution_id, notice = `_notice`) → Postgres insert into `emitted`.
// The Cisco New Alert workflow then reads each alert back with the Cisco action node (on a
// worker), so the Cisco token cached in the credential is used by the main and the workers.
import { PACKAGE_NAME } from '../../lib/paths.mts';
import type { CredentialImport } from '../../lib/n8n.mts';
import { cbcCredentialData, ctaCredentialData } from '../../lib/fixtures.mts';
import type { PgConnection } from './services.mts';

export const CBC_CRED = { id: 'modesCbcCred0001', name: 'Carbon Black Cloud (modes simulator)' };
export const CTA_CRED = { id: 'modesCtaCred0001', name: 'Cisco Global Threat Alerts (modes simulator)' };
export const PG_CRED = { id: 'modesPgCred00001', name: 'Postgres (modes results)' };

export const RESULTS_TABLE = 'emitted';

export const RESULTS_DDL = `
CREATE TABLE IF NOT EXISTS ${RESULTS_TABLE} (
	row_id bigserial PRIMARY KEY,
	trigger text NOT NULL,
	object_id text NOT NULL,
	event_id text NOT NULL,
	execution_id text,
	notice text,
	inserted_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS ${RESULTS_TABLE}_trigger_object ON ${RESULTS_TABLE} (trigger, object_id);
`;

export interface TriggerSpec {
	/** Value of the `trigger` column. */
	key: string;
	title: string;
	workflowId: string;
	nodeType: string;
	credential: 'carbonBlackCloudApi' | 'ciscoGlobalThreatAlertsApi';
	parameters: Record<string, unknown>;
	/** Read every emitted alert back with the Cisco action node (token sharing on workers). */
	readBack?: boolean;
}

/**
 * Poll times at fixed seconds, `60 / seconds` of them: one poll every `seconds` seconds. n8n
 * 2.41.1 refuses a single sub-minute cron such as `*\/10 * * * * *` ("The polling interval is too
 * short. It has to be at least a minute.": `isSubMinuteCron` in n8n-core's
 * ActiveWorkflowTriggers.activatePollTrigger, checked before the durable scheduler registers the
 * jobs) but accepts several minute-granular ones; each becomes its own durable job.
 */
export function pollEvery(seconds: number): { item: Array<{ mode: 'custom'; cronExpression: string }> } {
	if (60 % seconds !== 0) throw new Error(`poll interval ${seconds} s does not divide a minute`);
	return { item: Array.from({ length: 60 / seconds }, (_, i) => ({ mode: 'custom' as const, cronExpression: `${i * seconds} * * * * *` })) };
}

export function triggerSpecs(options: { pollEverySeconds: number; cbcOverlapSeconds: number; cbcSettleSeconds: number; ctaLateArrivalSeconds: number }): TriggerSpec[] {
	return [
		{
			key: 'cbc.alertCreated',
			title: 'Carbon Black Cloud Trigger › Alert Created',
			workflowId: 'modesCbcCreated1',
			nodeType: `${PACKAGE_NAME}.carbonBlackCloudTrigger`,
			credential: 'carbonBlackCloudApi',
			parameters: {
				pollTimes: pollEvery(options.pollEverySeconds),
				event: 'alertCreated',
				query: '',
				filters: {},
				options: { settleSeconds: options.cbcSettleSeconds, overlapSeconds: options.cbcOverlapSeconds },
			},
		},
		{
			key: 'cta.newAlert',
			title: 'Cisco Global Threat Alerts Trigger › New Alert',
			workflowId: 'modesCtaNewAlrt1',
			nodeType: `${PACKAGE_NAME}.ciscoGlobalThreatAlertsTrigger`,
			credential: 'ciscoGlobalThreatAlertsApi',
			parameters: {
				pollTimes: pollEvery(options.pollEverySeconds),
				event: 'newAlert',
				options: { lateArrivalSeconds: options.ctaLateArrivalSeconds },
			},
			readBack: true,
		},
		{
			key: 'cta.event',
			title: 'Cisco Global Threat Alerts Trigger › New or Updated Event',
			workflowId: 'modesCtaEvents01',
			nodeType: `${PACKAGE_NAME}.ciscoGlobalThreatAlertsTrigger`,
			credential: 'ciscoGlobalThreatAlertsApi',
			parameters: {
				pollTimes: pollEvery(options.pollEverySeconds),
				event: 'event',
				options: {},
			},
		},
	];
}

const credRef = (type: TriggerSpec['credential']) =>
	type === 'carbonBlackCloudApi' ? { carbonBlackCloudApi: CBC_CRED } : { ciscoGlobalThreatAlertsApi: CTA_CRED };

export function workflowFor(spec: TriggerSpec): Record<string, unknown> & { id: string } {
	const uuid = (n: number) => `${spec.workflowId.toLowerCase().replace(/[^a-f0-9]/g, '0').padEnd(8, '0').slice(0, 8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;
	const nodes: Array<Record<string, unknown>> = [
		{
			id: uuid(1),
			name: 'Trigger',
			type: spec.nodeType,
			typeVersion: 1,
			position: [0, 0],
			parameters: spec.parameters,
			credentials: credRef(spec.credential),
		},
		{
			id: uuid(2),
			name: 'Keep IDs',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				mode: 'manual',
				duplicateItem: false,
				includeOtherFields: false,
				assignments: {
					assignments: [
						{ id: 'f1', name: 'trigger', value: spec.key, type: 'string' },
						{ id: 'f2', name: 'object_id', value: '={{ String($json.id) }}', type: 'string' },
						{ id: 'f3', name: 'event_id', value: '={{ $json._eventId }}', type: 'string' },
						{ id: 'f4', name: 'execution_id', value: '={{ $execution.id }}', type: 'string' },
						{ id: 'f5', name: 'notice', value: "={{ $json._notice ?? '' }}", type: 'string' },
					],
				},
				options: {},
			},
		},
		{
			id: uuid(3),
			name: 'Insert Rows',
			type: 'n8n-nodes-base.postgres',
			typeVersion: 2.6,
			position: [440, 0],
			parameters: {
				operation: 'insert',
				schema: { __rl: true, mode: 'list', value: 'public' },
				table: { __rl: true, mode: 'name', value: RESULTS_TABLE },
				columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
				// default 'single': one multi-statement query, one implicit transaction for all rows
				options: { outputColumns: ['object_id'] },
			},
			credentials: { postgres: PG_CRED },
		},
	];
	const connections: Record<string, unknown> = {
		Trigger: { main: [[{ node: 'Keep IDs', type: 'main', index: 0 }]] },
		'Keep IDs': { main: [[{ node: 'Insert Rows', type: 'main', index: 0 }]] },
	};
	if (spec.readBack) {
		nodes.push({
			id: uuid(4),
			name: 'Read Alerts Back',
			type: `${PACKAGE_NAME}.ciscoGlobalThreatAlerts`,
			typeVersion: 1,
			position: [660, 0],
			// after the rows are written: a failure here never loses a row
			onError: 'continueRegularOutput',
			parameters: {
				resource: 'alert',
				operation: 'get',
				alertId: { __rl: true, mode: 'id', value: '={{ $json.object_id }}' },
			},
			credentials: credRef('ciscoGlobalThreatAlertsApi'),
		});
		connections['Insert Rows'] = { main: [[{ node: 'Read Alerts Back', type: 'main', index: 0 }]] };
	}
	return {
		id: spec.workflowId,
		name: `Modes: ${spec.title}`,
		active: false,
		nodes,
		connections,
		pinData: {},
		// rows in Postgres are the record; keep failed executions for diagnosis only
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none', saveDataErrorExecution: 'all', saveManualExecutions: false },
	};
}

export function credentials(simulatorUrl: string, results: PgConnection): CredentialImport[] {
	return [
		{ ...CBC_CRED, type: 'carbonBlackCloudApi', data: cbcCredentialData(simulatorUrl) },
		{ ...CTA_CRED, type: 'ciscoGlobalThreatAlertsApi', data: ctaCredentialData(simulatorUrl) },
		{
			...PG_CRED,
			type: 'postgres',
			data: {
				host: results.host,
				port: results.port,
				database: results.database,
				user: results.user,
				password: results.password,
				ssl: 'disable',
				maxConnections: 10,
			},
		},
	];
}
