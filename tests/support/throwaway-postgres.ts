import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, its own port), so a test may stop
 * and start it without touching the shared server on 5432 that other runs use. Run as the `postgres` user when
 * we are root (PostgreSQL refuses to run as root).
 */
export interface ThrowawayPostgres {
	url: string;
	stop(): void;
	start(): void;
	dispose(): void;
}

/** The newest installed PostgreSQL's bin directory, or why there is none. */
export function postgresBin(): { bin: string } | { missing: string } {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return { missing: `no PostgreSQL binaries (${root} does not exist; apt-get install postgresql)` };
	const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')));
	if (!versions.length) return { missing: `no initdb under ${root}/*/bin` };
	versions.sort((a, b) => Number(a) - Number(b));
	return { bin: join(root, versions.at(-1)!, 'bin') };
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

export async function startThrowawayPostgres(bin: string): Promise<ThrowawayPostgres> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'ems-pg-'));
	const data = join(dir, 'data');
	const asRoot = process.getuid?.() === 0;
	const ids = asRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
	if (asRoot) {
		chownSync(dir, ids.uid!, ids.gid!);
		chmodSync(dir, 0o700);
	}
	const run = (tool: string, args: string[]) => {
		const r = spawnSync(join(bin, tool), args, { ...ids, cwd: dir, encoding: 'utf8' });
		if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
	};
	run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
	// Sockets in our directory, TCP on our port only; fsync off: the data is thrown away afterwards.
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
	const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
	const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
	start();
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		start,
		stop,
		dispose() {
			spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...ids, cwd: dir });
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
