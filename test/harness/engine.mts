// Runs our built nodes inside n8n-core's real engine (WorkflowExecute / PollContext) with a
// credentials helper that authenticates and pre-authenticates the way n8n's own does.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
process.env.N8N_USER_FOLDER ??= userFolder;
process.env.N8N_ENCRYPTION_KEY ??= 'engine-harness-key';

const core = await import('n8n-core');
const workflowLib = await import('n8n-workflow');
const { ExecutionLifecycleHooks, PackageDirectoryLoader, PollContext, WorkflowExecute, Credentials } =
	core as unknown as Record<string, any>;
const { ICredentialsHelper, Workflow, isExpression } = workflowLib as unknown as Record<
	string,
	any
>;

type Json = Record<string, any>;

/** Versions of the engine libraries in use: 2.x normally, 1.x under `npm run test:compat`. */
const requireHere = createRequire(import.meta.url);
export const engineVersions = {
	core: requireHere('n8n-core/package.json').version as string,
	workflow: requireHere('n8n-workflow/package.json').version as string,
};
/** n8n-core's major version (1 or 2): the few engine APIs that changed are branched on it. */
export const coreMajor = Number(engineVersions.core.split('.')[0]);

if (coreMajor < 2) {
	// n8n-core 1.x's SSHClientsManager (created with the first node execution context) starts a
	// ref'd 60 s cleanup interval that keeps a test process alive after its last test; 2.x
	// unrefs it. Create the singleton now and unref its timer the way 2.x does.
	const coreRequire = createRequire(requireHere.resolve('n8n-core'));
	const { Container } = coreRequire('@n8n/di');
	const { SSHClientsManager } = coreRequire('./execution-engine/ssh-clients-manager');
	Container.get(SSHClientsManager).cleanupTimer?.unref?.();
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PACKAGE = 'n8n-nodes-threat-alerts';

const loader = new PackageDirectoryLoader(repoRoot);
await loader.loadAll();

/** A start node and an "items" node that emits the JSON array in its `items` parameter. */
const harnessNodes: Record<string, any> = {
	'harness.start': {
		description: {
			displayName: 'Start',
			name: 'start',
			group: ['trigger'],
			version: 1,
			description: '',
			defaults: { name: 'Start' },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async execute(this: any) {
			return [this.getInputData()];
		},
	},
	'harness.items': {
		description: {
			displayName: 'Items',
			name: 'items',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Items' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
		},
		async execute(this: any) {
			const raw = this.getNodeParameter('items', 0);
			const list = typeof raw === 'string' ? JSON.parse(raw) : raw;
			return [list.map((json: Json, i: number) => ({ json, pairedItem: { item: 0 }, index: i }))];
		},
	},
};

export const nodeTypes = {
	getByName(type: string) {
		return this.getByNameAndVersion(type);
	},
	getByNameAndVersion(type: string) {
		if (harnessNodes[type]) return harnessNodes[type];
		const short = type.startsWith(`${PACKAGE}.`) ? type.slice(PACKAGE.length + 1) : type;
		// n8n serves a usableAsTool node as `<name>Tool` with the same execute(); so does the harness
		const entry =
			loader.nodeTypes[short] ??
			(short.endsWith('Tool') && loader.nodeTypes[short.slice(0, -4)]?.type.description.usableAsTool
				? loader.nodeTypes[short.slice(0, -4)]
				: undefined);
		if (!entry) throw new Error(`Unknown node type ${type}`);
		return entry.type;
	},
	getKnownTypes() {
		return {};
	},
};

export function credentialType(name: string): any {
	const entry = loader.credentialTypes[name];
	if (!entry) throw new Error(`Unknown credential type ${name}`);
	return entry.type;
}

export interface CredentialStoreEntry {
	id: string;
	type: string;
	data: Json;
}

/** n8n's CredentialsHelper behaviour without the database: the store plays the DB. */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	store = new Map<string, CredentialStoreEntry>();
	/** Count of preAuthentication calls that actually fetched (per credential type). */
	preAuthCalls: Record<string, number> = {};
	updates = 0;

	set(id: string, type: string, data: Json) {
		this.store.set(id, { id, type, data: { ...data } });
	}

	private entry(nodeCredentials: { id?: string | null; name: string }, type: string) {
		const entry = (nodeCredentials.id && this.store.get(nodeCredentials.id)) ||
			[...this.store.values()].find((e) => e.type === type);
		if (!entry) throw new Error(`No credentials of type ${type}`);
		return entry;
	}

	getParentTypes() {
		return [];
	}

	getCredentialsProperties(type: string) {
		return credentialType(type).properties;
	}

	async getDecrypted(_additionalData: unknown, nodeCredentials: any, type: string) {
		const entry = this.entry(nodeCredentials, type);
		const data: Json = {};
		for (const property of credentialType(type).properties) data[property.name] = property.default;
		return { ...data, ...structuredClone(entry.data) };
	}

	async getCredentials(nodeCredentials: any, type: string) {
		const entry = this.entry(nodeCredentials, type);
		const credentials = new Credentials({ id: entry.id, name: entry.id }, type);
		credentials.setData(structuredClone(entry.data));
		return credentials;
	}

	async updateCredentials(nodeCredentials: any, type: string, data: Json) {
		this.updates++;
		this.entry(nodeCredentials, type).data = structuredClone(data);
	}

	async updateCredentialsOauthTokenData() {}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(credentials: Json, typeName: string, requestOptions: any, workflow: any, node: any) {
		const type = credentialType(typeName);
		const authenticate = type.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			for (const [outer, values] of Object.entries(authenticate.properties as Json)) {
				requestOptions[outer] ??= {};
				for (const [key, value] of Object.entries(values as Json)) {
					requestOptions[outer][this.resolve(key, credentials, workflow, node)] = this.resolve(
						value as string,
						credentials,
						workflow,
						node,
					);
				}
			}
		}
		return requestOptions;
	}

	private resolve(value: string, credentials: Json, workflow: any, node: any): string {
		if (!isExpression(value)) return value;
		const result = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
		return result ? String(result) : '';
	}

	async preAuthentication(helpers: any, credentials: Json, typeName: string, node: any, credentialsExpired: boolean) {
		const type = credentialType(typeName);
		const expirable = type.properties.find((p: any) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call({ helpers: { httpRequest: helpers.helpers.httpRequest } }, credentials);
		if (output?.[expirable.name] === undefined) return undefined;
		this.preAuthCalls[typeName] = (this.preAuthCalls[typeName] ?? 0) + 1;
		const nodeCredentials = node.credentials?.[typeName];
		if (nodeCredentials) {
			const entry = this.entry(nodeCredentials, typeName);
			await this.updateCredentials(nodeCredentials, typeName, { ...entry.data, ...output });
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication() {
		return undefined;
	}

	getOAuth2Options() {
		return undefined;
	}
}

export function makeAdditionalData(credentialsHelper: HarnessCredentialsHelper, hooks?: any): any {
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('executeWorkflow is not available in the harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		userId: 'harness-user',
		workflowId: 'harness-workflow',
		externalSecretsProxy: {
			hasProvider: () => false,
			getSecret: () => undefined,
			hasSecret: () => false,
			listProviders: () => [],
			listSecrets: () => [],
			update: async () => {},
		},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runner not available');
		},
	};
}

export interface NodeSpec {
	type: string; // short name, e.g. carbonBlackCloud
	parameters: Json;
	credentials?: Record<string, string>; // credential type -> credential id
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	/** Node version (default 1). */
	typeVersion?: number;
}

export interface RunResult {
	/** Output items of the node under test (first output). */
	items: Json[];
	/** Every output of the node under test. */
	outputs: Json[][];
	error?: any;
	run: any;
}

const nodeCredentialsFor = (credentials: Record<string, string> | undefined) =>
	credentials
		? Object.fromEntries(Object.entries(credentials).map(([type, id]) => [type, { id, name: id }]))
		: undefined;

/** Runs Start → (Items) → node under test through WorkflowExecute and returns its output. */
export async function runNode(
	helper: HarnessCredentialsHelper,
	spec: NodeSpec,
	inputItems?: Json[],
): Promise<RunResult> {
	const nodes: any[] = [
		{ id: 'n0', name: 'Start', type: 'harness.start', typeVersion: 1, position: [0, 0], parameters: {} },
	];
	const connections: Json = {};
	let previous = 'Start';
	if (inputItems) {
		nodes.push({
			id: 'n1',
			name: 'Items',
			type: 'harness.items',
			typeVersion: 1,
			position: [200, 0],
			parameters: { items: JSON.stringify(inputItems) },
		});
		connections.Start = { main: [[{ node: 'Items', type: 'main', index: 0 }]] };
		previous = 'Items';
	}
	nodes.push({
		id: 'n2',
		name: 'Under Test',
		type: `${PACKAGE}.${spec.type}`,
		typeVersion: spec.typeVersion ?? 1,
		position: [400, 0],
		parameters: spec.parameters,
		credentials: nodeCredentialsFor(spec.credentials),
		continueOnFail: spec.continueOnFail,
		onError: spec.onError,
	});
	connections[previous] = { main: [[{ node: 'Under Test', type: 'main', index: 0 }]] };

	const workflowData = { id: 'wf', name: 'harness', nodes, connections, active: false, settings: {} };
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', workflowData);
	const additionalData = makeAdditionalData(helper, hooks);
	const execute = new WorkflowExecute(additionalData, 'manual');
	const startNode = workflow.getNode('Start');
	// n8n-core 1.x: run(workflow, startNode, ...); 2.x: run({ workflow, startNode, ... }).
	const run: any = await (coreMajor < 2 ? execute.run(workflow, startNode) : execute.run({ workflow, startNode }));
	const taskData = run.data.resultData.runData['Under Test']?.[0];
	const outputs = (taskData?.data?.main ?? []).map((output: Json[] | null) => output ?? []);
	return {
		items: outputs[0] ?? [],
		outputs,
		error: run.data.resultData.error ?? taskData?.error,
		run,
	};
}

/** The trigger node of a one-node polling workflow. */
function triggerNode(spec: NodeSpec) {
	return {
		id: 'trigger',
		name: 'Trigger',
		type: `${PACKAGE}.${spec.type}`,
		typeVersion: spec.typeVersion ?? 1,
		position: [0, 0],
		parameters: spec.parameters,
		credentials: nodeCredentialsFor(spec.credentials),
	};
}

/**
 * A real PollContext of a trigger node, for calling our transport directly (e.g. with a tighter
 * retry policy than the nodes use) through n8n's own request helpers.
 */
export function pollContext(helper: HarnessCredentialsHelper, spec: NodeSpec): any {
	const workflow = new Workflow({ id: 'wf-ctx', name: 'ctx', nodes: [triggerNode(spec)], connections: {}, active: true, nodeTypes, staticData: {}, settings: {} });
	return new PollContext(workflow, workflow.getNode('Trigger'), makeAdditionalData(helper), 'trigger', 'activate');
}

/** Builds a PollContext for a trigger node and calls its poll() once. */
export async function pollOnce(
	helper: HarnessCredentialsHelper,
	spec: NodeSpec,
	options: {
		mode?: 'trigger' | 'manual';
		staticData?: Json;
		activation?: string;
		/** What `getPollBudgetMs()` answers (n8n 2.x durable poll scheduler); n8n-core's default otherwise. */
		budgetMs?: number;
		/** The workflow's ID (default: one per trigger type and event). */
		workflowId?: string;
	} = {},
): Promise<{ items: Json[] | null; staticData: Json }> {
	const node = triggerNode(spec);
	const callerData = options.staticData ?? {};
	// n8n-workflow 1.x wraps static data in one more layer of observing proxies per Workflow
	// (2.x skips objects that are already observed), so handing each poll the previous poll's
	// object stacks proxies and slows every write. n8n itself persists static data as JSON
	// between polls: on 1.x give the Workflow a plain copy and write the result back.
	const staticData = coreMajor < 2 ? JSON.parse(JSON.stringify(callerData)) : callerData;
	// one workflow per trigger configuration, as in n8n (the triggers keep per-node bookkeeping in memory)
	const configuration = createHash('sha256').update(JSON.stringify([spec.type, spec.parameters])).digest('hex').slice(0, 12);
	const workflow = new Workflow({
		id: options.workflowId ?? `wf-poll-${configuration}`,
		name: 'poll',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData,
		settings: {},
	});
	const additionalData = makeAdditionalData(helper);
	const budget = options.budgetMs === undefined ? [] : [undefined, undefined, undefined, undefined, undefined, () => options.budgetMs];
	const context = new PollContext(workflow, workflow.getNode('Trigger'), additionalData, options.mode ?? 'trigger', options.activation ?? 'activate', ...budget);
	const nodeType = nodeTypes.getByNameAndVersion(node.type);
	const result = await nodeType.poll.call(context);
	if (coreMajor < 2) {
		const after = JSON.parse(JSON.stringify(workflow.staticData));
		for (const key of Object.keys(callerData)) delete callerData[key];
		Object.assign(callerData, after);
		return { items: result ? result[0] : null, staticData: callerData };
	}
	return { items: result ? result[0] : null, staticData: workflow.staticData };
}

export function cbcCredentials(helper: HarnessCredentialsHelper, url: string, overrides: Json = {}) {
	helper.set('cbc', 'carbonBlackCloudApi', {
		environment: 'custom',
		customUrl: url,
		orgKey: 'ABCD1234',
		apiId: 'SANDBOXID01',
		apiSecretKey: 'SANDBOXSECRET0123456789',
		...overrides,
	});
	return { carbonBlackCloudApi: 'cbc' };
}

export function ctaCredentials(helper: HarnessCredentialsHelper, url: string, overrides: Json = {}) {
	helper.set('cta', 'ciscoGlobalThreatAlertsApi', {
		region: 'custom',
		customTokenUrl: `${url}/iroh/oauth2/token`,
		clientId: 'sandbox-client',
		clientPassword: 'sandbox-password',
		baseUrl: url,
		customerId: 'CTA123456789',
		accessToken: '',
		...overrides,
	});
	return { ciscoGlobalThreatAlertsApi: 'cta' };
}
