/**
 * Time to load the node module as n8n does at start-up (require of the built file), and what
 * the SDK costs on first use. Each figure is the median of fresh Node processes, run with the
 * given Node executable (n8n's own Node, for figures that hold inside n8n).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** n8n has n8n-workflow loaded before it requires any community node: so does the probe. */
function timeRequire(node: string, target: string): number {
	const script = `require('n8n-workflow');const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
	return Number(execFileSync(node, ['-e', script], { cwd: ROOT }).toString());
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

export interface LoadTimeResult {
	nodeModuleMs: number;
	sdkMs: number;
	sdkLoadedAtStart: boolean;
	runs: number;
	nodeVersion: string;
}

export function measureLoadTime(runs = 7, node = process.execPath): LoadTimeResult {
	const nodeFile = join(ROOT, 'dist/nodes/GeminiImage/GeminiImage.node.js');
	const nodeModuleMs = median(Array.from({ length: runs }, () => timeRequire(node, nodeFile)));
	const sdkMs = median(Array.from({ length: runs }, () => timeRequire(node, '@google/genai')));
	const check = `require(${JSON.stringify(nodeFile)});process.stdout.write(String(Object.keys(require.cache).some(k=>k.includes('@google/genai'))))`;
	const sdkLoadedAtStart = execFileSync(node, ['-e', check], { cwd: ROOT }).toString() === 'true';
	const nodeVersion = execFileSync(node, ['--version']).toString().trim();
	return { nodeModuleMs, sdkMs, sdkLoadedAtStart, runs, nodeVersion };
}
