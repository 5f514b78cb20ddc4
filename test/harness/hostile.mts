// A deliberately hostile or broken "vendor" on loopback: every request is recorded (with its
// headers) and answered by the test's own handler, so a test can redirect, hang, drip, echo
// headers, cycle cursors or nest JSON without touching the simulator.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Json = Record<string, any>;

export interface Recorded {
	method: string;
	url: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	at: number;
}

export type Handler = (req: Recorded, res: ServerResponse) => void | Promise<void>;

export interface HostileServer {
	url: string;
	/** host:port, as it would appear in a Location header. */
	host: string;
	requests: Recorded[];
	/** Replaces the handler (and clears the log unless `keepLog`). */
	handle(handler: Handler, keepLog?: boolean): void;
	close(): Promise<void>;
}

const TOKEN_PATH = '/iroh/oauth2/token';

/** A token endpoint answer like Cisco's, for servers that also play the API. */
export function answerToken(res: ServerResponse, token = 'hostile-access-token') {
	json(res, 200, { access_token: token, token_type: 'bearer', expires_in: 600, scope: 'private-intel' });
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Json = {}) {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

export function isTokenRequest(req: Recorded) {
	return req.path === TOKEN_PATH;
}

/** Sends headers, then one byte every `everyMs`, forever (until the client goes away). */
export function drip(res: ServerResponse, everyMs = 500, status = 200) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.write(' ');
	const timer = setInterval(() => {
		if (res.destroyed || res.writableEnded) return clearInterval(timer);
		res.write(' ');
	}, everyMs);
	res.on('close', () => clearInterval(timer));
}

/** Never answers (the socket stays open until the client gives up or the server closes). */
export function hang(_res: ServerResponse) {}

/** JSON nested `depth` levels deep, built as text (JSON.stringify would overflow the stack). */
export function nestedJson(depth: number, inner = '{}'): string {
	return '{"a":'.repeat(depth) + inner + '}'.repeat(depth);
}

export async function hostileServer(handler: Handler = (_req, res) => json(res, 404, { error: 'not set' })): Promise<HostileServer> {
	const requests: Recorded[] = [];
	let current = handler;
	const sockets = new Set<Socket>();
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', async () => {
			const url = req.url ?? '/';
			const recorded: Recorded = {
				method: req.method ?? 'GET',
				url,
				path: url.split('?')[0],
				headers: { ...req.headers },
				body: Buffer.concat(chunks).toString('utf8'),
				at: Date.now(),
			};
			requests.push(recorded);
			try {
				await current(recorded, res);
			} catch (error) {
				if (!res.headersSent) json(res, 500, { error: String(error) });
			}
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		host: `127.0.0.1:${port}`,
		requests,
		handle(next, keepLog = false) {
			current = next;
			if (!keepLog) requests.length = 0;
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
