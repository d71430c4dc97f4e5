import type { INodeExecutionData, IRun } from 'n8n-workflow';

import type { N8nInstance } from '../../../scripts/n8n/n8n-instance';
import { CommandFailedError } from '../../../scripts/n8n/processes';

export interface WorkflowRun {
	/** The run as n8n stored it. */
	run: IRun;
	/** Everything the command printed (logs included). */
	output: string;
	/** The command's exit code: 0 when the workflow succeeded. */
	exitCode: number;
}

/**
 * Runs a workflow headless with `n8n execute --id <id> --rawOutput`. It starts from the
 * workflow's Manual Trigger. n8n prints the run as pretty JSON after its log lines, also when the
 * run failed (then at info level, before the error), so the JSON is found by its first line `{`
 * and its closing line `}`.
 */
export async function executeWorkflow(n8n: N8nInstance, id: string): Promise<WorkflowRun> {
	let output: string;
	let exitCode = 0;
	try {
		output = (await n8n.command(['execute', `--id=${id}`, '--rawOutput'])).output;
	} catch (error) {
		if (!(error instanceof CommandFailedError)) throw error;
		output = error.result.output;
		exitCode = error.exitCode ?? -1;
	}
	return { run: parseRun(output), output, exitCode };
}

export function parseRun(output: string): IRun {
	const lines = output.split('\n');
	for (let start = lines.indexOf('{'); start !== -1; start = lines.indexOf('{', start + 1)) {
		const end = lines.indexOf('}', start);
		if (end === -1) break;
		try {
			const run = JSON.parse(lines.slice(start, end + 1).join('\n')) as IRun;
			if (run?.data?.resultData) return run;
		} catch {
			// Not the run: keep looking.
		}
	}
	throw new Error(`n8n printed no execution JSON:\n${output.slice(-4000)}`);
}

/** The items a node sent on one output in its first run. */
export function nodeOutput(run: IRun, nodeName: string, outputIndex = 0): INodeExecutionData[] {
	const taskData = run.data.resultData.runData[nodeName]?.[0];
	if (!taskData) {
		const ran = Object.keys(run.data.resultData.runData).join(', ');
		throw new Error(`Node "${nodeName}" did not run (ran: ${ran})`);
	}
	return taskData.data?.main?.[outputIndex] ?? [];
}
