/**
 * Time to load the node module as n8n does at start-up (require of the built file), and what
 * the SDK costs on first use. Each figure is the median of fresh Node processes.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** n8n has n8n-workflow loaded before it requires any community node: so does the probe. */
function timeRequire(target: string): number {
	const script = `require('n8n-workflow');const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
	return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT }).toString());
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

export interface LoadTimeResult {
	nodeModuleMs: number;
	sdkMs: number;
	sdkLoadedAtStart: boolean;
}

export function measureLoadTime(runs = 7): LoadTimeResult {
	const nodeFile = join(ROOT, 'dist/nodes/GeminiImage/GeminiImage.node.js');
	const nodeModuleMs = median(Array.from({ length: runs }, () => timeRequire(nodeFile)));
	const sdkMs = median(Array.from({ length: runs }, () => timeRequire('@google/genai')));
	const check = `require(${JSON.stringify(nodeFile)});process.stdout.write(String(Object.keys(require.cache).some(k=>k.includes('@google/genai'))))`;
	const sdkLoadedAtStart =
		execFileSync(process.execPath, ['-e', check], { cwd: ROOT }).toString() === 'true';
	return { nodeModuleMs, sdkMs, sdkLoadedAtStart };
}
