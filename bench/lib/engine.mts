// Runs whole workflows (our nodes and n8n's own HTTP Request / Split Out nodes) in n8n-core's
// real WorkflowExecute, on top of the engine harness used by the tests.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { RUNTIME_DIR } from '../../test/e2e/lib/paths.mts';

import {
	HarnessCredentialsHelper,
	makeAdditionalData,
	nodeTypes as harnessNodeTypes,
	PACKAGE,
} from '../../test/harness/engine.mts';

const core = (await import('n8n-core')) as unknown as Record<string, any>;
const workflowLib = (await import('n8n-workflow')) as unknown as Record<string, any>;
const { ExecutionLifecycleHooks, WorkflowExecute } = core;
const { Workflow } = workflowLib;

type Json = Record<string, any>;

export { HarnessCredentialsHelper, PACKAGE };

/** The n8n runtime that scripts/ensure-n8n.sh installs (holds n8n-nodes-base). */
export const N8N_RUNTIME = path.join(RUNTIME_DIR, 'node_modules');
const NODES_BASE = path.join(N8N_RUNTIME, 'n8n-nodes-base', 'dist', 'nodes');

export function n8nNodesBaseAvailable(): boolean {
	return existsSync(path.join(NODES_BASE, 'HttpRequest', 'HttpRequest.node.js'));
}

const baseTypes: Record<string, any> = {};
let nodesBaseVersion = 'n/a';

/** Loads n8n's HTTP Request (all versions) and Split Out from the cached n8n runtime. */
export function loadNodesBase(): string {
	if (Object.keys(baseTypes).length) return nodesBaseVersion;
	const require = createRequire(path.join(NODES_BASE, 'index.js'));
	const { HttpRequest } = require(path.join(NODES_BASE, 'HttpRequest', 'HttpRequest.node.js'));
	const { SplitOut } = require(path.join(NODES_BASE, 'Transform', 'SplitOut', 'SplitOut.node.js'));
	baseTypes['n8n-nodes-base.httpRequest'] = new HttpRequest();
	baseTypes['n8n-nodes-base.splitOut'] = new SplitOut();
	nodesBaseVersion = require(path.join(N8N_RUNTIME, 'n8n-nodes-base', 'package.json')).version;
	return nodesBaseVersion;
}

/** Pauses for `ms` without any request (stands in for n8n's Wait node). */
const pauseNode = {
	description: {
		displayName: 'Pause',
		name: 'pause',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Pause' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Milliseconds', name: 'ms', type: 'number', default: 0 }],
	},
	async execute(this: any) {
		const ms = this.getNodeParameter('ms', 0) as number;
		await new Promise((resolve) => setTimeout(resolve, ms));
		return [this.getInputData()];
	},
};

export const nodeTypes = {
	getByName(type: string) {
		return this.getByNameAndVersion(type);
	},
	getByNameAndVersion(type: string, version?: number) {
		if (type === 'bench.pause') return pauseNode;
		const base = baseTypes[type];
		if (base) return typeof base.getNodeType === 'function' ? base.getNodeType(version) : base;
		return harnessNodeTypes.getByNameAndVersion(type);
	},
	getKnownTypes() {
		return {};
	},
};

export interface FlowNode {
	name: string;
	type: string;
	typeVersion?: number;
	parameters: Json;
	credentials?: Record<string, string>;
}

export interface FlowResult {
	/** Output items of every node (first output), by node name. */
	outputs: Record<string, Json[]>;
	error?: any;
}

/**
 * Runs Start → Items (when given) → nodes[0] → nodes[1] → … through WorkflowExecute.
 * Node types: our package's short names (carbonBlackCloud), `n8n-nodes-base.*` or `bench.pause`.
 */
export async function runFlow(
	helper: HarnessCredentialsHelper,
	chain: FlowNode[],
	inputItems?: Json[],
): Promise<FlowResult> {
	const nodes: Json[] = [
		{ id: 'n0', name: 'Start', type: 'harness.start', typeVersion: 1, position: [0, 0], parameters: {} },
	];
	if (inputItems) {
		nodes.push({
			id: 'n1',
			name: 'Items',
			type: 'harness.items',
			typeVersion: 1,
			position: [200, 0],
			parameters: { items: JSON.stringify(inputItems) },
		});
	}
	chain.forEach((node, i) => {
		const type = node.type.includes('.') ? node.type : `${PACKAGE}.${node.type}`;
		nodes.push({
			id: `c${i}`,
			name: node.name,
			type,
			typeVersion: node.typeVersion ?? 1,
			position: [400 + i * 200, 0],
			parameters: node.parameters,
			credentials: node.credentials
				? Object.fromEntries(Object.entries(node.credentials).map(([t, id]) => [t, { id, name: id }]))
				: undefined,
		});
	});
	const connections: Json = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	const workflowData = { id: 'bench', name: 'bench', nodes, connections, active: false, settings: {} };
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('manual', 'bench-exec', workflowData);
	const execute = new WorkflowExecute(makeAdditionalData(helper, hooks), 'manual');
	const run: any = await execute.run({ workflow, startNode: workflow.getNode('Start') });
	const outputs: Record<string, Json[]> = {};
	let error = run.data.resultData.error;
	for (const node of chain) {
		const task = run.data.resultData.runData[node.name]?.[0];
		outputs[node.name] = task?.data?.main?.[0] ?? [];
		error ??= task?.error;
	}
	return { outputs, error };
}
