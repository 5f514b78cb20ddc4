// CBC API keys: X-Auth-Token "<API secret key>/<API ID>", org binding, access levels.

import { ApiError } from './errors.mts';

export type Permission =
	| 'org.alerts:READ'
	| 'org.alerts.close:EXECUTE'
	| 'org.alerts.dismiss:EXECUTE'
	| 'org.alerts.notes:READ'
	| 'org.alerts.notes:CREATE'
	| 'org.alerts.notes:DELETE'
	| 'org.alerts.tags:READ'
	| 'org.alerts.tags:CREATE'
	| 'org.alerts.tags:DELETE'
	| 'jobs.status:READ'
	// Platform Devices API (devices-api doc, Access Level section; device_actions RBAC table)
	| 'device:READ'
	| 'device.quarantine:EXECUTE'
	| 'device.bg-scan:EXECUTE'
	| 'device.bypass:EXECUTE'
	| 'device.policy:UPDATE'
	| 'org.kits:EXECUTE'
	| 'device.uninstall:EXECUTE'
	| 'device.deregistered:DELETE'
	// Platform Search (observation search jobs)
	| 'org.search.events:CREATE'
	| 'org.search.events:READ';

export const ALL_PERMISSIONS: Permission[] = [
	'org.alerts:READ',
	'org.alerts.close:EXECUTE',
	'org.alerts.dismiss:EXECUTE',
	'org.alerts.notes:READ',
	'org.alerts.notes:CREATE',
	'org.alerts.notes:DELETE',
	'org.alerts.tags:READ',
	'org.alerts.tags:CREATE',
	'org.alerts.tags:DELETE',
	'jobs.status:READ',
	'device:READ',
	'device.quarantine:EXECUTE',
	'device.bg-scan:EXECUTE',
	'device.bypass:EXECUTE',
	'device.policy:UPDATE',
	'org.kits:EXECUTE',
	'device.uninstall:EXECUTE',
	'device.deregistered:DELETE',
	'org.search.events:CREATE',
	'org.search.events:READ',
];

export const ACCESS_LEVELS: Record<string, Permission[]> = {
	full: ALL_PERMISSIONS,
	// Reads everything; starting a search job (org.search.events CREATE) changes nothing, so it is included.
	'read-only': ['org.alerts:READ', 'org.alerts.notes:READ', 'org.alerts.tags:READ', 'jobs.status:READ', 'device:READ', 'org.search.events:CREATE', 'org.search.events:READ'],
	'no-workflow': ALL_PERMISSIONS.filter((p) => p !== 'org.alerts.close:EXECUTE' && p !== 'org.alerts.dismiss:EXECUTE'),
	none: [],
};

export interface ApiKey {
	apiId: string;
	secret: string;
	orgKey: string;
	access: string;
	permissions: Set<Permission>;
	revoked: boolean;
	/** Set for CSP access tokens (sandbox/cbc/csp.mts): names the credential in 403 messages. */
	via?: string;
}

export class KeyStore {
	private keys = new Map<string, ApiKey>();

	add(apiId: string, secret: string, orgKey: string, access = 'full', permissions?: string[]): ApiKey {
		const perms = permissions ?? ACCESS_LEVELS[access];
		if (!perms) throw new Error(`unknown access level ${access}; known: ${Object.keys(ACCESS_LEVELS).join(', ')}`);
		for (const p of perms) if (!ALL_PERMISSIONS.includes(p as Permission)) throw new Error(`unknown permission ${p}`);
		const key: ApiKey = { apiId, secret, orgKey, access: permissions ? 'custom' : access, permissions: new Set(perms as Permission[]), revoked: false };
		this.keys.set(apiId, key);
		return key;
	}

	revoke(apiId: string): boolean {
		const k = this.keys.get(apiId);
		if (!k) return false;
		k.revoked = true;
		return true;
	}

	clear(): void {
		this.keys.clear();
	}

	/** Public view without secrets. */
	list(): unknown[] {
		return [...this.keys.values()].map((k) => ({ apiId: k.apiId, orgKey: k.orgKey, access: k.access, permissions: [...k.permissions], revoked: k.revoked }));
	}

	/** Authenticate a request for `orgKey`; throws 401/403 ApiErrors (never echoing the token). */
	authenticate(headers: Record<string, string | undefined>, orgKey: string): ApiKey {
		const token = headers['x-auth-token'];
		if (!token) throw new ApiError(401, { error_code: 'UNAUTHORIZED', message: 'Missing X-Auth-Token header' });
		const slash = token.lastIndexOf('/');
		const secret = slash > 0 ? token.slice(0, slash).trim() : '';
		const id = slash > 0 ? token.slice(slash + 1).trim() : '';
		const key = this.keys.get(id);
		if (!key || key.revoked || key.secret !== secret)
			throw new ApiError(401, { error_code: 'UNAUTHORIZED', message: 'Invalid API credentials: expected X-Auth-Token "<API secret key>/<API ID>" of an active key' });
		if (key.orgKey !== orgKey) throw new ApiError(403, { error_code: 'FORBIDDEN', message: `API key is not authorized for org ${orgKey}` });
		return key;
	}

	authorize(key: ApiKey, perm: Permission): void {
		if (!key.permissions.has(perm)) {
			const [name, op] = perm.split(':');
			throw new ApiError(403, { error_code: 'FORBIDDEN', message: `Access denied: ${key.via ?? 'API key'} lacks permission ${name} ${op}` });
		}
	}
}
