// Shared set-up for the Legacy Alert (API v6) engine tests.
import { cbcCredentials, HarnessCredentialsHelper, runNode } from '../../../../harness/engine.mts';
import type { SandboxHandle } from '../../../../harness/sandbox.mts';
import { sandbox } from '../../../../harness/sandbox.mts';

export const V6 = '/appservices/v6/orgs/ABCD1234';
const TOKEN = 'SANDBOXSECRET0123456789/SANDBOXID01';

export interface V6Context {
	sb: SandboxHandle;
	run(
		operation: string,
		parameters: Record<string, unknown>,
		input?: Record<string, unknown>[],
		spec?: { continueOnFail?: boolean },
	): ReturnType<typeof runNode>;
	/** Calls the simulator's v6 API directly (set-up and cross-checks, not logged as node traffic). */
	api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function v6Context(options: Record<string, unknown> = {}): Promise<V6Context> {
	const sb = await sandbox({ cbcAlerts: 1500, ...options });
	const helper = new HarnessCredentialsHelper();
	const credentials = cbcCredentials(helper, sb.url);
	return {
		sb,
		run: (operation, parameters, input, spec = {}) =>
			runNode(
				helper,
				{ type: 'carbonBlackCloud', parameters: { resource: 'legacyAlert', operation, ...parameters }, credentials, ...spec },
				input,
			),
		api: async (method, path, body) => {
			const res = await fetch(`${sb.url}${V6}/${path}`, {
				method,
				headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return { status: res.status, body: await res.json() };
		},
	};
}
