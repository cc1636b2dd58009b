// Shared by `npm start`, `npm test` and `npm run bench`: install what is missing, build when sources changed.
// Plain Node with no dependencies, because it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath } from './chromium.mjs';

export function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', ...options });
	if (result.error) throw result.error;
	return result.status ?? 1;
}

export function mustRun(command, args, options = {}) {
	const status = run(command, args, options);
	if (status !== 0) {
		console.error(`\n✖ ${command} ${args.join(' ')} failed (exit ${status}).`);
		process.exit(status);
	}
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const INSTALLED_MARKER = 'node_modules/.installed-lock.sha256';

function lockHash() {
	return createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
}

/**
 * Installs dependencies when node_modules is missing or was installed from another lockfile. Compares the
 * lockfile's content, not times: a checkout or merge touches files without changing what is installed.
 */
export function ensureDependencies() {
	const hash = lockHash();
	if (existsSync(INSTALLED_MARKER) && readFileSync(INSTALLED_MARKER, 'utf8') === hash) return;
	if (existsSync('node_modules/.package-lock.json')) {
		// Installed by hand or before the marker existed: keep it when npm finds it complete.
		const check = spawnSync(npm, ['ls', '--depth=0', '--silent'], { stdio: 'ignore' });
		if (check.status !== 0) {
			console.log('• Updating dependencies (npm install)…');
			mustRun(npm, ['install', '--no-audit', '--no-fund']);
		}
	} else {
		console.log('• Installing dependencies (npm ci)…');
		mustRun(npm, ['ci', '--no-audit', '--no-fund']);
	}
	writeFileSync(INSTALLED_MARKER, lockHash());
}

function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	let newest = s.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

const BUILD_INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

/** Builds the app when build/ is missing or any source is newer than it. */
export function ensureBuild({ force = false } = {}) {
	const built = existsSync('build/index.js') ? statSync('build/index.js').mtimeMs : 0;
	const newestSource = Math.max(...BUILD_INPUTS.map(newestMtime));
	if (!force && built > newestSource) return;
	console.log('• Building the app…');
	mustRun(npm, ['run', 'build', '--silent']);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** apt-get install, where this process may (root on Debian/Ubuntu); false when it may not or it failed. */
function aptInstall(packages, what) {
	if (!isRoot() || !existsSync('/usr/bin/apt-get')) return false;
	console.log(`• Installing ${what} from Debian packages (${packages.join(', ')})…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	if (run('apt-get', ['update', '-qq'], { env }) !== 0) return false;
	return run('apt-get', ['install', '-y', '-qq', ...packages], { env }) === 0;
}

/** Debian's Chromium drives the browser tests; Playwright cannot download its own browser here. */
export function ensureChromium() {
	const path = chromiumPath();
	if (existsSync(path)) return path;
	if (aptInstall(['chromium'], 'Chromium') && existsSync(path)) return path;
	console.error(
		`\n✖ Chromium is needed for the browser tests and was not found at ${path}.\n` +
			'  On Debian/Ubuntu: sudo apt-get install -y chromium\n' +
			'  Elsewhere: install Chromium or Chrome and set CHROMIUM_PATH=/path/to/chrome.'
	);
	process.exit(1);
}

/** The commands the print tests run on a PDF, and the Debian package of each. */
export const PDF_TOOLS = { pdftoppm: 'poppler-utils', pdfinfo: 'poppler-utils', zbarimg: 'zbar-tools', qpdf: 'qpdf' };

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/**
 * The print tests render the PDF (pdftoppm), read it (pdfinfo, qpdf --check) and decode its QR code (zbarimg).
 * Installed like Chromium where this process may; otherwise one line says exactly what to install, and the run
 * stops rather than skipping those tests without a word.
 */
export function ensurePdfTools() {
	const missing = () => Object.keys(PDF_TOOLS).filter((c) => !onPath(c));
	if (missing().length === 0) return;
	const packages = [...new Set(missing().map((c) => PDF_TOOLS[c]))];
	aptInstall(packages, 'the PDF tools the print tests use');
	const still = missing();
	if (still.length === 0) return;
	console.error(
		`\n✖ The print tests need ${still.join(', ')}: on Debian/Ubuntu run sudo apt-get install -y ${[...new Set(still.map((c) => PDF_TOOLS[c]))].join(' ')}`
	);
	process.exit(1);
}
