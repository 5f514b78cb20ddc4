// Direct calls to the simulator's Carbon Black routes, to set up and check engine tests.
import type { SandboxHandle } from './sandbox.mts';

export const CBC_TOKEN = 'SANDBOXSECRET0123456789/SANDBOXID01';

export async function cbcCall(sb: SandboxHandle, method: string, path: string, body?: unknown): Promise<any> {
	const res = await fetch(`${sb.url}/api/alerts/v7/orgs/ABCD1234/${path}`, {
		method,
		headers: { 'content-type': 'application/json', 'x-auth-token': CBC_TOKEN },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return text ? JSON.parse(text) : undefined;
}

export async function someAlerts(sb: SandboxHandle, rows: number, extra: Record<string, unknown> = {}): Promise<any[]> {
	const page = await cbcCall(sb, 'POST', 'alerts/_search', { rows, time_range: { range: '-6w' }, ...extra });
	return page.results;
}
