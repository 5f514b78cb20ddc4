// CTA OAuth2 client-credentials token endpoint and bearer token checks.

import { randomBytes } from 'node:crypto';

import type { SandboxRequest, SandboxResponse } from '../types.mts';
import { ApiError } from './util.mts';

export interface Client {
	clientId: string;
	password: string;
	customerId: string;
}

interface Token {
	clientId: string;
	customerId: string;
	issuedAt: number;
	expiresAt: number;
}

export const TOKEN_SCOPE = 'casebook global-threat-alerts:read global-threat-alerts:write';

const RFC_URI = 'https://tools.ietf.org/html/rfc6749#section-5.2';

function oauthError(error: string, description: string): SandboxResponse {
	return {
		status: 400,
		body: { error, error_description: description, error_uri: RFC_URI },
		headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
	};
}

export class Auth {
	readonly clients = new Map<string, Client>();
	private tokens = new Map<string, Token>();
	issued = 0;
	lifetimeMs = 600_000;
	/** value reported as expires_in; undefined = the real lifetime */
	advertisedExpiresIn: number | undefined;

	addClient(c: Client): void {
		this.clients.set(c.clientId, c);
	}

	/** Remove a client; its tokens stop working at once. Returns how many tokens were dropped. */
	revokeClient(clientId: string): number {
		this.clients.delete(clientId);
		let n = 0;
		for (const [k, t] of this.tokens)
			if (t.clientId === clientId) {
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

	/** POST /iroh/oauth2/token */
	tokenEndpoint(req: SandboxRequest): SandboxResponse {
		const auth = req.headers.authorization ?? '';
		const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(auth);
		if (!m) return oauthError('invalid_client', 'client authentication failed: use HTTP Basic authentication');
		const decoded = Buffer.from(m[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return oauthError('invalid_client', 'unknown client');
		const clientId = decoded.slice(0, colon);
		const password = decoded.slice(colon + 1);
		const client = this.clients.get(clientId);
		if (!client) return oauthError('invalid_client', 'unknown client');
		if (client.password !== password) return oauthError('invalid_client', 'invalid client credentials');

		const ct = req.headers['content-type'];
		if (ct && !ct.toLowerCase().includes('application/x-www-form-urlencoded'))
			return oauthError('invalid_request', 'the token request body must be application/x-www-form-urlencoded');
		const form = new URLSearchParams(req.rawBody);
		const grant = form.get('grant_type');
		if (grant === null || grant === '')
			return oauthError('invalid_request', 'missing grant_type (send the form body grant_type=client_credentials)');
		if (grant !== 'client_credentials')
			return oauthError('unsupported_grant_type', `grant type not supported: ${grant.slice(0, 40)}`);

		const accessToken = randomBytes(48).toString('base64url');
		this.tokens.set(accessToken, {
			clientId,
			customerId: client.customerId,
			issuedAt: req.now,
			expiresAt: req.now + this.lifetimeMs,
		});
		this.issued++;
		// keep the map bounded: drop tokens that expired more than an hour ago
		if (this.tokens.size > 1000)
			for (const [k, t] of this.tokens) if (t.expiresAt < req.now - 3_600_000) this.tokens.delete(k);
		return {
			status: 200,
			body: {
				access_token: accessToken,
				token_type: 'bearer',
				expires_in: this.advertisedExpiresIn ?? Math.round(this.lifetimeMs / 1000),
				scope: TOKEN_SCOPE,
			},
			headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
		};
	}

	/** Check `Authorization: Bearer <token>` (capital B) and the customer in the path. */
	authorize(req: SandboxRequest, customerId: string): void {
		const header = req.headers.authorization;
		const unauthorized = (description: string) =>
			new ApiError(401, 'Unauthorized', 'unauthorized', { error_description: description }, {
				'WWW-Authenticate': 'Bearer realm="global-threat-alerts"',
			});
		if (header === undefined || header === '') throw unauthorized('missing Authorization header');
		const m = /^Bearer ([^\s]+)$/.exec(header);
		if (!m) throw unauthorized('invalid Authorization header');
		const t = this.tokens.get(m[1]);
		if (!t) throw unauthorized('invalid access token');
		if (req.now >= t.expiresAt) throw unauthorized('access token expired');
		if (!this.clients.has(t.clientId)) throw unauthorized('invalid access token');
		if (t.customerId !== customerId)
			throw new ApiError(403, 'Forbidden: the access token does not grant access to this customer', 'forbidden');
	}
}
