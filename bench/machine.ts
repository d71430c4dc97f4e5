/** The machine the figures were measured on. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
	cpuModel: string;
	cores: number;
	memoryGiB: number;
	benchNodeVersion: string;
	loadAverageAtStart: number[];
}

function cpuModel(): string {
	try {
		const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
		if (match) return match[1].trim();
	} catch {
		// Not Linux: fall back to what Node reports.
	}
	return cpus()[0]?.model ?? 'unknown';
}

export function describeMachine(): Machine {
	return {
		cpuModel: cpuModel(),
		cores: cpus().length,
		memoryGiB: totalmem() / 2 ** 30,
		benchNodeVersion: process.version,
		loadAverageAtStart: loadavg(),
	};
}
