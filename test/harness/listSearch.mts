// Calls a node's listSearch method (a resource locator's From List) the way n8n's editor backend
// does (DynamicNodeParametersService.getResourceLocatorResults): a real LoadOptionsContext of the
// node with its current parameters and credentials, so requests go through n8n's own helpers.
import type { HarnessCredentialsHelper, NodeSpec } from './engine.mts';
import { makeAdditionalData, nodeTypes, PACKAGE } from './engine.mts';

const core = (await import('n8n-core')) as unknown as Record<string, any>;
const { Workflow } = (await import('n8n-workflow')) as unknown as Record<string, any>;

export interface ListSearchResult {
	results: Array<{ name: string; value: string; url?: string }>;
	paginationToken?: string;
}

export async function listSearch(
	helper: HarnessCredentialsHelper,
	spec: NodeSpec,
	method: string,
	filter?: string,
	paginationToken?: string,
): Promise<ListSearchResult> {
	const node = {
		id: 'n-list',
		name: 'Under Test',
		type: `${PACKAGE}.${spec.type}`,
		typeVersion: spec.typeVersion ?? 1,
		position: [0, 0],
		parameters: spec.parameters,
		credentials: spec.credentials
			? Object.fromEntries(Object.entries(spec.credentials).map(([type, id]) => [type, { id, name: id }]))
			: undefined,
	};
	const workflow = new Workflow({ id: 'wf-list', name: 'list', nodes: [node], connections: {}, active: false, nodeTypes, settings: {} });
	const workflowNode = workflow.getNode(node.name);
	// the editor sends every parameter of the node, defaults included (Workflow filled them in)
	const additionalData = { ...makeAdditionalData(helper), currentNodeParameters: workflowNode.parameters };
	const context = new core.LoadOptionsContext(workflow, workflowNode, additionalData, 'parameters.alertId');
	const nodeType = nodeTypes.getByNameAndVersion(node.type);
	const fn = nodeType.methods?.listSearch?.[method];
	if (typeof fn !== 'function') throw new Error(`${spec.type} has no listSearch method ${method}`);
	return await fn.call(context, filter, paginationToken);
}
