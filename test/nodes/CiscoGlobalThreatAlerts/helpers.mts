// Shared bits of the Cisco Global Threat Alerts engine tests.
import type { NodeSpec, RunResult } from '../../harness/engine.mts';
import { ctaCredentials, HarnessCredentialsHelper, runNode } from '../../harness/engine.mts';
import type { Json, SandboxHandle } from '../../harness/sandbox.mts';

export const TOKEN_ROUTE = 'POST /iroh/oauth2/token';
export const AM = '/alert-management/customer/CTA123456789';
export const TD = '/threat-detection/customer/CTA123456789';
export const ED = '/event-detection/customer/CTA123456789';

/** A credentials helper with the simulator credential, shared by the runs of one test. */
export function client(sb: SandboxHandle) {
	const helper = new HarnessCredentialsHelper();
	const credentials = ctaCredentials(helper, sb.url);
	const run = (parameters: Json, inputs?: Json[], extra: Partial<NodeSpec> = {}): Promise<RunResult> =>
		runNode(helper, { type: 'ciscoGlobalThreatAlerts', parameters, credentials, ...extra }, inputs);
	return { helper, credentials, run };
}

/** Vendor API requests (token requests left out). */
export const apiOnly = (requests: Json[]) => requests.filter((r) => r.route !== TOKEN_ROUTE);

/** Raw object listing from the simulator's control API. */
export async function listing(sb: SandboxHandle, kind: 'alerts' | 'detections' | 'events' | 'flows'): Promise<Json[]> {
	const out: Json[] = [];
	for (let offset = 0; ; offset += 100_000) {
		const page = await sb.control('GET', `/cta/${kind}?limit=100000&offset=${offset}`);
		out.push(...page.items);
		if (out.length >= page.total || !page.items.length) return out;
	}
}
