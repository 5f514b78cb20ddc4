import { NodeOperationError } from 'n8n-workflow';

import type { RequestContext } from './http';
import { isDotSegment, normaliseBaseUrl } from './url';

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
	const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (!text) throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	return text;
}

/** A credential value that becomes a path segment (org key, customer ID): not empty, not `.`/`..`. */
export function requireCredentialSegment(
	ctx: RequestContext,
	raw: unknown,
	field: string,
	emptyMessage: string,
	description: string,
	itemIndex?: number,
): string {
	const text = requireCredentialText(ctx, raw, emptyMessage, description, itemIndex);
	if (isDotSegment(text)) {
		throw new NodeOperationError(ctx.getNode(), `The ${field} in the credentials is not valid`, {
			itemIndex,
			description: `"${text}" would change which address is called. ${description}`,
		});
	}
	return text;
}
