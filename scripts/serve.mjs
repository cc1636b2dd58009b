// Serves the built app (build/index.js) in WEB_CONCURRENCY processes (default 1) sharing one port (node:cluster),
// so one machine's cores all answer requests. Sessions, codes, rate limits and sync state live in the database, so
// any process can answer any request. This process only supervises: it prepares the database in a short-lived
// process (scripts/prepare-database.mjs: migrations and demo data, whose one-off memory leaves with it), starts the
// first server process and the others once it listens, and replaces one that dies after it had started serving.
import { spawnSync } from 'node:child_process';
import cluster from 'node:cluster';
import { resolve } from 'node:path';

if (cluster.isPrimary) {
	const processes = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? 1) || 1);
	const prepared = spawnSync(process.execPath, [resolve('scripts', 'prepare-database.mjs')], { stdio: 'inherit' });
	// 78: the app refused this configuration and has said why in one line (scripts/prepare-database.mjs).
	if (prepared.status === 78) process.exit(78);
	if (prepared.status !== 0) {
		console.error('Could not prepare the database (see above); not starting the server.');
		process.exit(prepared.status ?? 1);
	}
	// glibc keeps freed blocks of up to 32 MiB in its arenas once it has seen them, so each argon2id hash
	// (19 MiB) would stay in the process for good, one per libuv thread: allocations above 128 KiB are mapped
	// and returned to the system when freed instead (measured in scripts/bench/measurements/60-server-memory.mjs).
	// adapter-node refuses request bodies over 512 KB by default; a CE certificate (a PDF) may be up to 5 MB, and
	// its endpoint checks that itself (decision 027).
	// glibc also gives each thread that calls malloc an arena of its own, up to 8 per core (V8's and libuv's
	// threads), and freed memory stays resident in each: two arenas hold the same work in less (decision 047).
	const env = {
		MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? String(128 * 1024),
		MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
		BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '6M'
	};
	// V8 grows the old generation as fast as requests are promoted into it: at saturation a hundred pulls in flight
	// per process made it 70-90 MB for ~40 MB live. A 96 MB limit makes it collect first (peak 173 -> 123 MB at the
	// same rate; decision 047). A --max-old-space-size given in NODE_OPTIONS or to node wins.
	const given = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`.includes('--max-old-space-size');
	if (!given) cluster.setupPrimary({ execArgv: [...process.execArgv, '--max-old-space-size=96'] });
	let stopping = false;
	const serving = new WeakSet();
	const fork = () => {
		const worker = cluster.fork(env);
		worker.once('listening', () => serving.add(worker));
		return worker;
	};
	fork().once('listening', () => {
		for (let i = 1; i < processes; i++) fork();
	});
	cluster.on('exit', (worker, code) => {
		if (stopping) return;
		if (!serving.has(worker)) {
			// It never served (port taken, bad configuration): starting it again would fail the same way.
			console.error(`server process ${worker.process.pid} exited (${code}) before serving; stopping`);
			process.exit(code || 1);
		}
		console.error(`server process ${worker.process.pid} exited (${code}); starting another`);
		fork();
	});
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			stopping = true;
			for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
			setTimeout(() => process.exit(0), 5000).unref();
			cluster.disconnect(() => process.exit(0));
		});
	}
} else {
	await import(resolve('build', 'index.js'));
}
