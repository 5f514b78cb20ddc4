// module.register() hooks for resolve-1x.mjs (runs on the loader thread).
import { fileURLToPath } from 'node:url';

const REDIRECTED = /^(n8n-core|n8n-workflow|luxon)(\/|$)/;
let parentURL;
let modulesDir;

export function initialize(data) {
	({ parentURL, modulesDir } = data);
}

export async function resolve(specifier, context, nextResolve) {
	if (!REDIRECTED.test(specifier)) return nextResolve(specifier, context);
	const result = await nextResolve(specifier, { ...context, parentURL });
	const file = result.url.startsWith('file:') ? fileURLToPath(result.url) : result.url;
	if (!file.startsWith(modulesDir)) {
		throw new Error(`resolve-1x: import '${specifier}' resolved outside ${modulesDir}: ${file}`);
	}
	return result;
}
