import { NodeOperationError } from 'n8n-workflow';

import type { RequestContext } from './http';
import { normaliseBaseUrl } from './url';

/** A usable base URL from the credentials (https, or http on loopback), or a clear error. */
export function requireBaseUrl(
	ctx: RequestContext,
	raw: unknown,
	message: string,
	description: string,
	itemIndex?: number,
): string {
	const baseUrl = normaliseBaseUrl(raw);
	if (!baseUrl) throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	return baseUrl;
}

/** A non-empty trimmed credential field, or a clear error. */
export function requireCredentialText(
	ctx: RequestContext,
	raw: unknown,
	message: string,
	description: string,
	itemIndex?: number,
): string {
	const text = String(raw ?? '').trim();
	if (!text) throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	return text;
}
