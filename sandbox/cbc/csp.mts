// VMware Cloud Services Platform (CSP) sign-in for Carbon Black Cloud orgs managed through CSP.
// Served by the same simulator origin as the CBC API, so a credential's CSP URL can be the
// simulator URL. Full description: sandbox/CSP.md.
//
// Token routes (owned by the CBC module: stats/log vendor "cbc", faults apply as to any route):
//   POST /csp/gateway/am/api/auth/token                  OAuth app: Basic client_id:client_secret, form grant_type=client_credentials
//   POST /csp/gateway/am/api/auth/api-tokens/authorize   user API token: form api_token=<token> (refresh_token=<token> also accepted)
// Replies: 200 {access_token, token_type:"bearer", expires_in, scope}; errors {statusCode, error, message}.
// The access token then works on every CBC route as `Authorization: Bearer <access_token>`.
//
// Control routes (/_sandbox/cbc/csp/...):
//   GET    /csp                       state: OAuth apps, API tokens (never secrets), issued/active tokens, lifetime, omitScope
//   POST   /csp/tokens/expire         every issued access token expires now                 → {expired, ...state}
//   POST   /csp/tokens/lifetime       {seconds (1-86400), advertisedExpiresIn?: number|null} (PUT also accepted)
//   POST   /csp/scope                 {omit?: boolean = true}  token replies leave out scope (the token carries no roles)
//   POST   /csp/api-tokens/revoke     {id?: string = default token, revoked?: boolean = true, revokeAccessTokens?: boolean}
//   POST   /csp/api-tokens            {id, apiToken, orgKey?, user?, access?|permissions?}   add a user API token
//   POST   /csp/clients               {clientId, clientSecret, orgKey?, access?|permissions?} add an OAuth app
//   DELETE /csp/clients/{clientId}    remove an OAuth app; its access tokens stop working at once

import { randomBytes } from 'node:crypto';

import type { SandboxRequest, SandboxResponse } from '../types.mts';
import { ACCESS_LEVELS, ALL_PERMISSIONS, type ApiKey, type Permission } from './auth.mts';
import { ApiError } from './errors.mts';

/** Default CSP host of the Carbon Black Cloud SDK (CredentialValue.CSP_URL_OVERRIDE). */
export const CSP_DEFAULT_URL = 'https://console.cloud.vmware.com';
export const CSP_TOKEN_PATH = '/csp/gateway/am/api/auth/token';
export const CSP_API_TOKEN_PATH = '/csp/gateway/am/api/auth/api-tokens/authorize';
/** Route labels in /_sandbox/stats byRoute and in the request log. */
export const CSP_TOKEN_ROUTE = `POST ${CSP_TOKEN_PATH}`;
export const CSP_API_TOKEN_ROUTE = `POST ${CSP_API_TOKEN_PATH}`;

/** Seeded OAuth app (bound to the simulator's org, full access). */
export const CSP_CLIENT_ID = 'sandbox-csp-client';
export const CSP_CLIENT_SECRET = 'sandbox-csp-secret';
/** Seeded user API token (bound to the simulator's org, full access). */
export const CSP_API_TOKEN = 'sandbox-csp-api-token';
/** Control-side name of the seeded API token (control routes never take the token value). */
export const CSP_API_TOKEN_ID = 'sandbox-user-token';
/** The user the seeded API token belongs to (author of notes/jobs made with its access tokens). */
export const CSP_API_TOKEN_USER = 'sandbox-csp-user@example.com';
/** Access token lifetime in seconds (CSP access tokens live 30 minutes). */
export const CSP_TOKEN_LIFETIME_SECONDS = 1800;

export const CSP_DEFAULTS = {
	url: CSP_DEFAULT_URL,
	clientId: CSP_CLIENT_ID,
	clientSecret: CSP_CLIENT_SECRET,
	apiToken: CSP_API_TOKEN,
	apiTokenId: CSP_API_TOKEN_ID,
	apiTokenUser: CSP_API_TOKEN_USER,
	tokenLifetimeSeconds: CSP_TOKEN_LIFETIME_SECONDS,
} as const;

/**
 * CSP role permission names (IDENTITY & ACCESS MANAGEMENT > Roles > VMware Carbon Black Cloud) for the
 * simulator's permissions. The Alerts v7 doc names the _API.Alerts ones; dismiss (v6) and jobs are not
 * named by any doc: those two spellings are the simulator's choice.
 */
export const CSP_PERMISSION_NAMES: Record<Permission, string> = {
	'org.alerts:READ': '_API.Alerts:org.Alerts:READ',
	'org.alerts.close:EXECUTE': '_API.Alerts:org.Alerts.Close:EXECUTE',
	'org.alerts.dismiss:EXECUTE': '_API.Alerts:org.Alerts.Dismiss:EXECUTE',
	'org.alerts.notes:READ': '_API.Alerts:org.Alerts.Notes:READ',
	'org.alerts.notes:CREATE': '_API.Alerts:org.Alerts.Notes:CREATE',
	'org.alerts.notes:DELETE': '_API.Alerts:org.Alerts.Notes:DELETE',
	'org.alerts.tags:READ': '_API.Alerts:org.Alerts.Tags:READ',
	'org.alerts.tags:CREATE': '_API.Alerts:org.Alerts.Tags:CREATE',
	'org.alerts.tags:DELETE': '_API.Alerts:org.Alerts.Tags:DELETE',
	'jobs.status:READ': '_API.Jobs:jobs.status:READ',
	// No doc names the CSP spelling of the device and search permissions: modelled on the _API.Alerts ones.
	'device:READ': '_API.Devices:device:READ',
	'device.quarantine:EXECUTE': '_API.Devices:device.Quarantine:EXECUTE',
	'device.bg-scan:EXECUTE': '_API.Devices:device.Bg-scan:EXECUTE',
	'device.bypass:EXECUTE': '_API.Devices:device.Bypass:EXECUTE',
	'device.policy:UPDATE': '_API.Devices:device.Policy:UPDATE',
	'org.kits:EXECUTE': '_API.Devices:org.Kits:EXECUTE',
	'device.uninstall:EXECUTE': '_API.Devices:device.Uninstall:EXECUTE',
	'device.deregistered:DELETE': '_API.Devices:device.Deregistered:DELETE',
	'org.search.events:CREATE': '_API.Search:org.search.events:CREATE',
	'org.search.events:READ': '_API.Search:org.search.events:READ',
};

/** Documented role permissions with no simulated route: accepted, grant nothing. */
const CSP_EXTRA_PERMISSIONS = ['_API.Alerts:org.Alerts.Notes:UPDATE'];

/**
 * A permission in CSP spelling (`_API.Alerts:org.Alerts.Close:EXECUTE`, case-insensitive: the doc
 * writes both `org.Alerts.Notes` and `org.Alerts.notes`) or simulator spelling (`org.alerts.close:EXECUTE`;
 * the doc's tag READ line uses it). Returns undefined for a known permission that grants nothing; throws
 * for unknown names.
 */
export function parseCspPermission(name: string): Permission | undefined {
	const n = name.trim().toLowerCase();
	for (const p of ALL_PERMISSIONS) if (p.toLowerCase() === n || CSP_PERMISSION_NAMES[p].toLowerCase() === n) return p;
	if (CSP_EXTRA_PERMISSIONS.some((x) => x.toLowerCase() === n)) return undefined;
	throw new Error(`unknown permission ${name}; known: ${ALL_PERMISSIONS.map((p) => CSP_PERMISSION_NAMES[p]).join(', ')}`);
}

function permissionSet(access: string | undefined, permissions: unknown): { access: string; permissions: Set<Permission> } {
	if (permissions !== undefined) {
		if (!Array.isArray(permissions)) throw new Error('permissions must be an array of permission names');
		const set = new Set<Permission>();
		for (const p of permissions) {
			const parsed = parseCspPermission(String(p));
			if (parsed) set.add(parsed);
		}
		return { access: 'custom', permissions: set };
	}
	const level = access ?? 'full';
	const perms = ACCESS_LEVELS[level];
	if (!perms) throw new Error(`unknown access level ${level}; known: ${Object.keys(ACCESS_LEVELS).join(', ')}`);
	return { access: level, permissions: new Set(perms) };
}

interface OAuthApp {
	clientId: string;
	secret: string;
	orgKey: string;
	access: string;
	permissions: Set<Permission>;
}

interface UserApiToken {
	id: string;
	token: string;
	user: string;
	orgKey: string;
	access: string;
	permissions: Set<Permission>;
	revoked: boolean;
}

interface AccessToken {
	kind: 'oauth-app' | 'api-token';
	/** clientId of the OAuth app, or id of the API token. */
	source: string;
	principal: string;
	orgKey: string;
	/** Roles granted when the token was issued (the token's scope). */
	permissions: Set<Permission>;
	issuedAt: number;
	expiresAt: number;
}

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** CSP error reply: the CBC SDK reads `message`; `statusCode` and the RFC 6749 `error` code are the simulator's choice. */
function cspError(status: number, error: string, message: string, headers: Record<string, string> = {}): SandboxResponse {
	return { status, body: { statusCode: status, error, message }, headers: { ...NO_STORE, ...headers } };
}

const isForm = (req: SandboxRequest): boolean => {
	const ct = req.headers['content-type'];
	return ct === undefined || ct === '' || ct.toLowerCase().includes('application/x-www-form-urlencoded');
};

export class CspAuth {
	readonly clients = new Map<string, OAuthApp>();
	readonly apiTokens = new Map<string, UserApiToken>();
	private tokens = new Map<string, AccessToken>();
	issued = 0;
	lifetimeMs = CSP_TOKEN_LIFETIME_SECONDS * 1000;
	/** Value reported as expires_in; undefined = the real lifetime. */
	advertisedExpiresIn: number | undefined;
	/** Token replies leave out `scope` (the token is issued with no roles). */
	omitScope = false;

	/** Drop everything; seed the default OAuth app and API token for `orgKey`. */
	reset(orgKey: string, options: Record<string, unknown>): void {
		const str = (k: string, d: string): string => (typeof options[k] === 'string' && options[k] ? (options[k] as string) : d);
		this.clients.clear();
		this.apiTokens.clear();
		this.tokens.clear();
		this.issued = 0;
		const life = Number(options.cspTokenLifetime ?? CSP_TOKEN_LIFETIME_SECONDS);
		if (!Number.isInteger(life) || life < 1 || life > 86_400) throw new Error('cspTokenLifetime must be 1-86400 seconds');
		this.lifetimeMs = life * 1000;
		this.advertisedExpiresIn = undefined;
		this.omitScope = options.cspOmitScope === true || options.cspOmitScope === 'true';
		this.addClient(str('cspClientId', CSP_CLIENT_ID), str('cspClientSecret', CSP_CLIENT_SECRET), orgKey);
		this.addApiToken(CSP_API_TOKEN_ID, str('cspApiToken', CSP_API_TOKEN), orgKey, CSP_API_TOKEN_USER);
	}

	addClient(clientId: string, secret: string, orgKey: string, access?: string, permissions?: unknown): OAuthApp {
		if (!clientId || !secret) throw new Error('clientId and clientSecret are required');
		const app: OAuthApp = { clientId, secret, orgKey, ...permissionSet(access, permissions) };
		this.clients.set(clientId, app);
		return app;
	}

	/** Remove an OAuth app; its access tokens stop working at once. Returns how many tokens were dropped. */
	removeClient(clientId: string): number | undefined {
		if (!this.clients.delete(clientId)) return undefined;
		return this.dropTokens('oauth-app', clientId);
	}

	addApiToken(id: string, token: string, orgKey: string, user: string, access?: string, permissions?: unknown): UserApiToken {
		if (!id || !token) throw new Error('id and apiToken are required');
		for (const t of this.apiTokens.values()) if (t.token === token && t.id !== id) throw new Error(`that API token value is already registered as ${t.id}`);
		const t: UserApiToken = { id, token, user, orgKey, revoked: false, ...permissionSet(access, permissions) };
		this.apiTokens.set(id, t);
		return t;
	}

	/**
	 * Revoke (or restore) an API token. Access tokens already issued from it keep working until they
	 * expire (CSP access tokens are self-contained) unless `revokeAccessTokens` is set.
	 */
	revokeApiToken(id: string, revoked: boolean, revokeAccessTokens: boolean): { id: string; revoked: boolean; accessTokensDropped: number } | undefined {
		const t = this.apiTokens.get(id);
		if (!t) return undefined;
		t.revoked = revoked;
		const dropped = revoked && revokeAccessTokens ? this.dropTokens('api-token', id) : 0;
		return { id, revoked, accessTokensDropped: dropped };
	}

	private dropTokens(kind: AccessToken['kind'], source: string): number {
		let n = 0;
		for (const [k, t] of this.tokens)
			if (t.kind === kind && t.source === source) {
				this.tokens.delete(k);
				n++;
			}
		return n;
	}

	expireAll(now: number): number {
		let n = 0;
		for (const t of this.tokens.values())
			if (t.expiresAt > now) {
				t.expiresAt = now;
				n++;
			}
		return n;
	}

	activeCount(now: number): number {
		let n = 0;
		for (const t of this.tokens.values()) if (t.expiresAt > now) n++;
		return n;
	}

	/** Control-side view: never secrets, API token values or access tokens. */
	state(now: number): Record<string, unknown> {
		return {
			tokenPath: CSP_TOKEN_PATH,
			apiTokenPath: CSP_API_TOKEN_PATH,
			lifetimeSeconds: this.lifetimeMs / 1000,
			advertisedExpiresIn: this.advertisedExpiresIn ?? null,
			omitScope: this.omitScope,
			tokens: { issued: this.issued, active: this.activeCount(now) },
			clients: [...this.clients.values()].map((c) => ({ clientId: c.clientId, orgKey: c.orgKey, access: c.access, permissions: [...c.permissions] })),
			apiTokens: [...this.apiTokens.values()].map((t) => ({ id: t.id, user: t.user, orgKey: t.orgKey, access: t.access, permissions: [...t.permissions], revoked: t.revoked })),
		};
	}

	/** Route label when the request is for a CSP token path (any method), else undefined. */
	routeLabel(req: SandboxRequest): string | undefined {
		const path = req.path.replace(/\/+$/, '');
		return path === CSP_TOKEN_PATH || path === CSP_API_TOKEN_PATH ? `${req.method} ${path}` : undefined;
	}

	handle(req: SandboxRequest): SandboxResponse | undefined {
		const path = req.path.replace(/\/+$/, '');
		if (path !== CSP_TOKEN_PATH && path !== CSP_API_TOKEN_PATH) return undefined;
		if (req.method !== 'POST') return cspError(405, 'invalid_request', `Request method '${req.method}' not supported`, { Allow: 'POST' });
		if (!isForm(req)) return cspError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
		return path === CSP_TOKEN_PATH ? this.oauthToken(req) : this.apiTokenAuthorize(req);
	}

	/** POST /csp/gateway/am/api/auth/token: client credentials grant, client authenticated by HTTP Basic. */
	private oauthToken(req: SandboxRequest): SandboxResponse {
		const badClient = () =>
			cspError(401, 'invalid_client', 'invalid_client: Client authentication failed (unknown client ID or wrong client secret)', {
				'WWW-Authenticate': 'Basic realm="csp"',
			});
		const m = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
		if (!m) return cspError(401, 'invalid_client', 'invalid_client: Client authentication required: send HTTP Basic client_id:client_secret', { 'WWW-Authenticate': 'Basic realm="csp"' });
		const decoded = Buffer.from(m[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return badClient();
		const id = decoded.slice(0, colon);
		const secret = decoded.slice(colon + 1);
		const app = this.clients.get(id) ?? this.clients.get(formDecode(id));
		if (!app || (app.secret !== secret && app.secret !== formDecode(secret))) return badClient();
		const form = new URLSearchParams(req.rawBody);
		const grant = form.get('grant_type');
		if (grant === null || grant === '') return cspError(400, 'invalid_request', 'invalid_request: Missing grant_type (send the form body grant_type=client_credentials)');
		if (grant !== 'client_credentials') return cspError(400, 'unsupported_grant_type', `unsupported_grant_type: Grant type ${grant.slice(0, 40)} is not supported for this client`);
		return this.issue(req.now, 'oauth-app', app.clientId, app.clientId, app.orgKey, app.permissions);
	}

	/** POST /csp/gateway/am/api/auth/api-tokens/authorize: exchange a user API token. */
	private apiTokenAuthorize(req: SandboxRequest): SandboxResponse {
		const form = new URLSearchParams(req.rawBody);
		const value = form.get('api_token') ?? form.get('refresh_token');
		const grant = form.get('grant_type');
		if (grant !== null && grant !== 'refresh_token') return cspError(400, 'unsupported_grant_type', `unsupported_grant_type: Grant type ${grant.slice(0, 40)} is not supported`);
		if (value === null || value === '') return cspError(400, 'invalid_request', 'invalid_request: Missing api_token (send the form body api_token=<API token>)');
		let found: UserApiToken | undefined;
		for (const t of this.apiTokens.values()) if (t.token === value) found = t;
		if (!found) return cspError(400, 'invalid_grant', 'invalid_grant: Invalid API token');
		if (found.revoked) return cspError(400, 'invalid_grant', 'invalid_grant: API token has been revoked');
		return this.issue(req.now, 'api-token', found.id, found.user, found.orgKey, found.permissions);
	}

	private issue(now: number, kind: AccessToken['kind'], source: string, principal: string, orgKey: string, permissions: Set<Permission>): SandboxResponse {
		const accessToken = randomBytes(32).toString('base64url');
		const granted = this.omitScope ? new Set<Permission>() : new Set(permissions);
		this.tokens.set(accessToken, { kind, source, principal, orgKey, permissions: granted, issuedAt: now, expiresAt: now + this.lifetimeMs });
		this.issued++;
		// keep the map bounded: drop tokens that expired more than an hour ago
		if (this.tokens.size > 1000) for (const [k, t] of this.tokens) if (t.expiresAt < now - 3_600_000) this.tokens.delete(k);
		const body: Record<string, unknown> = {
			access_token: accessToken,
			token_type: 'bearer',
			expires_in: this.advertisedExpiresIn ?? Math.round(this.lifetimeMs / 1000),
		};
		if (!this.omitScope) body.scope = ['csp:org_member', ...[...granted].map((p) => CSP_PERMISSION_NAMES[p])].join(' ');
		return { status: 200, body, headers: NO_STORE };
	}

	/**
	 * CBC-side check of `Authorization: Bearer <access token>` for `orgKey`: 401 (CBC error shape, as for a
	 * bad X-Auth-Token) when unknown/expired/from a removed OAuth app, 403 for another org.
	 */
	authenticate(header: string, orgKey: string, now: number): ApiKey {
		const unauthorized = (why: string) => new ApiError(401, { error_code: 'UNAUTHORIZED', message: `Invalid access token: ${why}; expected Authorization "Bearer <access token>" from the Cloud Services Platform` });
		const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
		if (!m) throw unauthorized('malformed Authorization header');
		const t = this.tokens.get(m[1]);
		if (!t) throw unauthorized('unknown or revoked token');
		if (now >= t.expiresAt) throw unauthorized('token expired');
		if (t.kind === 'oauth-app' && !this.clients.has(t.source)) throw unauthorized('unknown or revoked token');
		if (t.orgKey !== orgKey) throw new ApiError(403, { error_code: 'FORBIDDEN', message: `Access token is not authorized for org ${orgKey}` });
		return { apiId: t.principal, secret: '', orgKey: t.orgKey, access: t.kind === 'oauth-app' ? 'csp-oauth-app' : 'csp-api-token', permissions: t.permissions, revoked: false, via: 'access token' };
	}

	// ---- control: /_sandbox/cbc/csp/... ----

	/** `seg` are the path segments after /_sandbox/cbc/csp. */
	control(seg: string[], method: string, body: Record<string, unknown>, now: number, defaultOrg: string): SandboxResponse | undefined {
		const ok = (b: unknown, status = 200): SandboxResponse => ({ status, body: b });
		const key = `${method} /${seg.join('/')}`;
		switch (key) {
			case 'GET /':
				return ok(this.state(now));
			case 'POST /tokens/expire':
				return ok({ expired: this.expireAll(now), ...this.state(now) });
			case 'PUT /tokens/lifetime':
			case 'POST /tokens/lifetime': {
				const sec = body.seconds;
				if (typeof sec !== 'number' || !Number.isInteger(sec) || sec < 1 || sec > 86_400) throw new Error('seconds must be a whole number 1-86400');
				this.lifetimeMs = sec * 1000;
				if ('advertisedExpiresIn' in body) {
					const a = body.advertisedExpiresIn;
					if (a !== null && (typeof a !== 'number' || !Number.isInteger(a) || a < 0)) throw new Error('advertisedExpiresIn must be a whole number >= 0 or null');
					this.advertisedExpiresIn = a === null ? undefined : (a as number);
				}
				return ok(this.state(now));
			}
			case 'POST /scope':
				this.omitScope = body.omit !== false;
				return ok(this.state(now));
			case 'POST /api-tokens/revoke': {
				const id = typeof body.id === 'string' && body.id ? body.id : CSP_API_TOKEN_ID;
				const r = this.revokeApiToken(id, body.revoked !== false, body.revokeAccessTokens === true);
				return r ? ok(r) : ok({ error: `no API token ${id}` }, 404);
			}
			case 'POST /api-tokens': {
				const t = this.addApiToken(String(body.id ?? ''), String(body.apiToken ?? ''), String(body.orgKey ?? defaultOrg), String(body.user ?? `${String(body.id ?? 'user')}@example.com`), body.access as string | undefined, body.permissions);
				return ok({ id: t.id, user: t.user, orgKey: t.orgKey, access: t.access, permissions: [...t.permissions] }, 201);
			}
			case 'GET /clients':
				return ok({ clients: this.state(now).clients });
			case 'POST /clients': {
				const c = this.addClient(String(body.clientId ?? ''), String(body.clientSecret ?? ''), String(body.orgKey ?? defaultOrg), body.access as string | undefined, body.permissions);
				return ok({ clientId: c.clientId, orgKey: c.orgKey, access: c.access, permissions: [...c.permissions] }, 201);
			}
		}
		if (seg.length === 2 && seg[0] === 'clients' && method === 'DELETE') {
			const n = this.removeClient(seg[1]);
			return n === undefined ? ok({ error: `no OAuth app ${seg[1]}` }, 404) : ok({ removed: seg[1], tokensInvalidated: n });
		}
		return undefined;
	}
}

function formDecode(s: string): string {
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		return s;
	}
}
