// A transparent TCP proxy in front of the simulator that tells which process sent each Cisco
// token request (`POST /iroh/oauth2/token`), so token sharing can be counted per n8n process.
//
// Bytes pass through unchanged in both directions (the simulator's faults — dropped connections,
// cut-off replies — reach n8n as they are). When a token request line is seen on a connection,
// the client's socket is looked up in /proc/net/tcp (local port → inode) and the inode among the
// file descriptors of the registered n8n processes (no `ss`/`lsof` needed).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

const TOKEN_LINE = 'POST /iroh/oauth2/token ';
const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|PATCH|DELETE) (\S+) HTTP\/1\.1\r\n/g;

export interface TokenRequest {
	at: number;
	process: string;
}

export interface AttributionProxy {
	url: string;
	port: number;
	/** Name the process with this pid (e.g. `main#3`, `worker-1`) for attributions. */
	register(pid: number, name: string): void;
	tokenRequests(): TokenRequest[];
	connections(): number;
	/** Called with `METHOD /path` for each request line seen (for kills timed to a poll). */
	onRequest(fn: (line: string) => void): () => void;
	close(): Promise<void>;
}

function hexPort(port: number): string {
	return port.toString(16).toUpperCase().padStart(4, '0');
}

/** Inode of the IPv4/IPv6 loopback socket with this local port connected to `remotePort`. */
function socketInode(localPort: number, remotePort: number): string | undefined {
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length < 10) continue;
			const [, local, remote] = cols;
			if (local.endsWith(`:${hexPort(localPort)}`) && remote.endsWith(`:${hexPort(remotePort)}`)) return cols[9];
		}
	}
	return undefined;
}

/** The pid and all its descendants (a process may run under `unshare`/`sh`). */
function processTree(pid: number): number[] {
	const out = [pid];
	for (let i = 0; i < out.length; i++) {
		let tasks: string[] = [];
		try {
			tasks = readdirSync(`/proc/${out[i]}/task`);
		} catch {
			continue;
		}
		for (const tid of tasks) {
			try {
				for (const child of readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) {
					if (child) out.push(Number(child));
				}
			} catch {
				// gone
			}
		}
	}
	return out;
}

function pidHoldsSocket(pid: number, inode: string): boolean {
	let fds: string[];
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return false;
	}
	const target = `socket:[${inode}]`;
	for (const fd of fds) {
		try {
			if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return true;
		} catch {
			// closed meanwhile
		}
	}
	return false;
}

export async function startAttributionProxy(targetPort: number): Promise<AttributionProxy> {
	const names = new Map<number, string>();
	const tokens: TokenRequest[] = [];
	let connectionCount = 0;
	const listeners = new Set<(line: string) => void>();
	const sockets = new Set<Socket>();

	const attribute = (client: Socket, proxyPort: number): string => {
		const port = client.remotePort;
		if (!port) return 'unknown';
		const inode = socketInode(port, proxyPort);
		if (!inode) return 'unknown';
		for (const [pid, name] of names) {
			for (const p of processTree(pid)) if (pidHoldsSocket(p, inode)) return name;
		}
		return 'unknown';
	};

	const server: Server = createServer((client) => {
		connectionCount++;
		sockets.add(client);
		const upstream = connect(targetPort, '127.0.0.1');
		sockets.add(upstream);
		let tail = '';
		let owner: string | undefined;
		client.on('data', (chunk: Buffer) => {
			const text = tail + chunk.toString('latin1');
			let from = 0;
			for (;;) {
				const at = text.indexOf(TOKEN_LINE, from);
				if (at < 0) break;
				owner ??= attribute(client, (server.address() as { port: number }).port);
				tokens.push({ at: Date.now(), process: owner });
				from = at + TOKEN_LINE.length;
			}
			tail = text.slice(-(TOKEN_LINE.length - 1));
			if (listeners.size) {
				for (const m of chunk.toString('latin1').matchAll(REQUEST_LINE)) {
					for (const fn of listeners) fn(`${m[1]} ${m[2].split('?')[0]}`);
				}
			}
		});
		client.pipe(upstream);
		upstream.pipe(client);
		const closeBoth = () => {
			client.destroy();
			upstream.destroy();
			sockets.delete(client);
			sockets.delete(upstream);
		};
		client.on('error', closeBoth);
		upstream.on('error', closeBoth);
		client.on('close', closeBoth);
		upstream.on('close', closeBoth);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as { port: number }).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		register: (pid, name) => names.set(pid, name),
		tokenRequests: () => [...tokens],
		connections: () => connectionCount,
		onRequest: (fn) => {
			listeners.add(fn);
			return () => listeners.delete(fn);
		},
		close: async () => {
			for (const s of sockets) s.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
