// Credentials, owner and workflows shared by the e2e suite and scripts/start.mts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CredentialImport, Owner } from './n8n.mts';
import { PACKAGE_NAME, REPO_ROOT, WORKFLOWS_DIR } from './paths.mts';

export const CBC_CREDENTIAL_ID = 'cbcSimulatorCred';
export const CTA_CREDENTIAL_ID = 'ctaSimulatorCred';
export const CBC_CREDENTIAL_NAME = 'Carbon Black Cloud (simulator)';
export const CTA_CREDENTIAL_NAME = 'Cisco Global Threat Alerts (simulator)';
export const CBC_CSP_OAUTH_CREDENTIAL_ID = 'cbcCspOAuthSimCred';
export const CBC_CSP_OAUTH_CREDENTIAL_NAME = 'Carbon Black Cloud CSP OAuth App (simulator)';
export const CBC_CSP_TOKEN_CREDENTIAL_ID = 'cbcCspTokenSimCred';
export const CBC_CSP_TOKEN_CREDENTIAL_NAME = 'Carbon Black Cloud CSP API Token (simulator)';

/** The simulator's fixed test identities (see sandbox/). */
export const SANDBOX_IDENTITIES = {
	cbc: { orgKey: 'ABCD1234', apiId: 'SANDBOXID01', apiSecretKey: 'SANDBOXSECRET0123456789' },
	cbcCspOAuth: { orgKey: 'ABCD1234', clientId: 'sandbox-csp-client', clientSecret: 'sandbox-csp-secret' },
	cbcCspApiToken: { orgKey: 'ABCD1234', apiToken: 'sandbox-csp-api-token' },
	cta: {
		clientId: 'sandbox-client',
		clientPassword: 'sandbox-password',
		customerId: 'CTA123456789',
	},
};

export function cbcCredentialData(sandboxUrl: string, overrides: Record<string, unknown> = {}) {
	return {
		environment: 'custom',
		customUrl: sandboxUrl,
		...SANDBOX_IDENTITIES.cbc,
		...overrides,
	};
}

/** A CSP sign-in against the simulator, which serves the CSP token routes itself. */
export function cbcCspCredentialData(
	kind: 'cbcCspOAuth' | 'cbcCspApiToken',
	sandboxUrl: string,
	overrides: Record<string, unknown> = {},
) {
	return {
		environment: 'custom',
		customUrl: sandboxUrl,
		cspUrl: sandboxUrl,
		...SANDBOX_IDENTITIES[kind],
		...overrides,
	};
}

export function ctaCredentialData(sandboxUrl: string, overrides: Record<string, unknown> = {}) {
	return {
		region: 'custom',
		customTokenUrl: `${sandboxUrl}/iroh/oauth2/token`,
		baseUrl: sandboxUrl,
		...SANDBOX_IDENTITIES.cta,
		...overrides,
	};
}

export function sandboxCredentials(sandboxUrl: string): CredentialImport[] {
	return [
		{
			id: CBC_CREDENTIAL_ID,
			name: CBC_CREDENTIAL_NAME,
			type: 'carbonBlackCloudApi',
			data: cbcCredentialData(sandboxUrl),
		},
		{
			id: CTA_CREDENTIAL_ID,
			name: CTA_CREDENTIAL_NAME,
			type: 'ciscoGlobalThreatAlertsApi',
			data: ctaCredentialData(sandboxUrl),
		},
		{
			id: CBC_CSP_OAUTH_CREDENTIAL_ID,
			name: CBC_CSP_OAUTH_CREDENTIAL_NAME,
			type: 'carbonBlackCloudCspOAuthApi',
			data: cbcCspCredentialData('cbcCspOAuth', sandboxUrl),
		},
		{
			id: CBC_CSP_TOKEN_CREDENTIAL_ID,
			name: CBC_CSP_TOKEN_CREDENTIAL_NAME,
			type: 'carbonBlackCloudCspApiTokenApi',
			data: cbcCspCredentialData('cbcCspApiToken', sandboxUrl),
		},
	];
}

export const E2E_OWNER: Owner = {
	email: 'admin@example.com',
	password: 'ThreatAlerts-e2e-1',
	firstName: 'Threat',
	lastName: 'Admin',
};

export type WorkflowJson = Record<string, unknown> & {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
};

export function loadWorkflowFile(file: string): WorkflowJson {
	return JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
}

export function loadWorkflows(dir: string): WorkflowJson[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => loadWorkflowFile(join(dir, f)));
}

export function e2eWorkflows(): WorkflowJson[] {
	return loadWorkflows(WORKFLOWS_DIR);
}

export interface BuiltNodeType {
	/** `<package>.<description.name>` as n8n registers it */
	type: string;
	displayName: string;
	usableAsTool: boolean;
	isTrigger: boolean;
	file: string;
	/** The description's parameters (name, label, options), so editor tests follow label changes. */
	properties: BuiltProperty[];
}

export interface BuiltProperty {
	name: string;
	displayName: string;
	type: string;
	options?: Array<{ name: string; value?: unknown }>;
}

interface PackageN8n {
	n8n: { nodes: string[]; credentials: string[] };
}

function readPackage(): PackageN8n {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageN8n;
}

/** Files listed in package.json's `n8n.nodes`, and which of them exist in dist/. */
export function declaredNodeFiles(): { declared: string[]; missing: string[] } {
	const declared = readPackage().n8n.nodes;
	return { declared, missing: declared.filter((p) => !existsSync(join(REPO_ROOT, p))) };
}

/** Load each built node class listed in package.json and read its description. */
export function builtNodeTypes(): BuiltNodeType[] {
	const req = createRequire(join(REPO_ROOT, 'package.json'));
	const out: BuiltNodeType[] = [];
	for (const file of readPackage().n8n.nodes) {
		const abs = join(REPO_ROOT, file);
		if (!existsSync(abs)) continue;
		const mod = req(abs) as Record<string, new () => { description: Record<string, unknown> }>;
		for (const Cls of Object.values(mod)) {
			if (typeof Cls !== 'function') continue;
			const d = new Cls().description;
			if (!d?.name) continue;
			out.push({
				type: `${PACKAGE_NAME}.${String(d.name)}`,
				displayName: String(d.displayName),
				usableAsTool: d.usableAsTool === true,
				isTrigger: Array.isArray(d.group) && (d.group as string[]).includes('trigger'),
				file,
				properties: (d.properties as BuiltProperty[] | undefined) ?? [],
			});
		}
	}
	return out;
}

/** Every label the built description gives parameter `name` of `type` (several when displayOptions vary). */
export function parameterLabels(types: BuiltNodeType[], type: string, name: string): string[] {
	const props = types.find((t) => t.type === type)?.properties ?? [];
	return [...new Set(props.filter((p) => p.name === name).map((p) => p.displayName))];
}

/** Display names of the option `value` of parameter `name` of `type` in the built description. */
export function optionNames(
	types: BuiltNodeType[],
	type: string,
	name: string,
	value: unknown,
): string[] {
	const props = types.find((t) => t.type === type)?.properties ?? [];
	return [
		...new Set(
			props
				.filter((p) => p.name === name)
				.flatMap((p) => p.options ?? [])
				.filter((o) => o.value === value)
				.map((o) => o.name),
		),
	];
}

export function builtCredentialTypes(): string[] {
	const req = createRequire(join(REPO_ROOT, 'package.json'));
	const out: string[] = [];
	for (const file of readPackage().n8n.credentials) {
		const abs = join(REPO_ROOT, file);
		if (!existsSync(abs)) continue;
		const mod = req(abs) as Record<string, new () => { name: string }>;
		for (const Cls of Object.values(mod)) if (typeof Cls === 'function') out.push(new Cls().name);
	}
	return out;
}

/** Workflows whose node types all exist in dist (so a trigger that is not built yet doesn't break imports). */
export function workflowsUsingBuiltNodes(
	workflows: WorkflowJson[],
	builtTypes: Set<string>,
): WorkflowJson[] {
	// n8n offers every `usableAsTool` node to AI agents as `<type>Tool` as well
	const known = (type: string) => builtTypes.has(type) || (type.endsWith('Tool') && builtTypes.has(type.slice(0, -4)));
	return workflows.filter((wf) => wf.nodes.every((n) => !n.type.startsWith(`${PACKAGE_NAME}.`) || known(n.type)));
}

/** Point every Carbon Black Cloud / CTA credential reference of a workflow at the simulator credentials. */
export function bindSimulatorCredentials(wf: WorkflowJson): WorkflowJson {
	const refs: Record<string, { id: string; name: string }> = {
		carbonBlackCloudApi: { id: CBC_CREDENTIAL_ID, name: CBC_CREDENTIAL_NAME },
		ciscoGlobalThreatAlertsApi: { id: CTA_CREDENTIAL_ID, name: CTA_CREDENTIAL_NAME },
	};
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
	for (const node of copy.nodes as Array<{
		credentials?: Record<string, { id: string; name: string }>;
	}>) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (refs[type]) node.credentials![type] = refs[type];
		}
	}
	return copy;
}
