import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { PNG } from 'pngjs';

import type { WorkflowExport } from './n8n-instance';
import { REPO_ROOT } from './package-tarball';

export const EXAMPLES_FOLDER = join(REPO_ROOT, 'examples');

/** The folder n8n 2.x lets workflows use by default in its Docker image; the examples name it. */
export const DEFAULT_FILES_FOLDER = '/home/node/.n8n-files';

export const GEMINI_IMAGE_NODE_TYPE = 'n8n-nodes-gemini-image.geminiImage';
export const GEMINI_IMAGE_TRIGGER_TYPE = 'n8n-nodes-gemini-image.geminiImageTrigger';
export const CREDENTIAL_TYPE = 'geminiImageApi';

export interface CredentialReference {
	id: string;
	name: string;
}

/**
 * The example workflows, ready to import here: every Gemini Image node uses `credential`, and the
 * folders in their Settings nodes point into `filesFolder` instead of the Docker default.
 */
export function loadExampleWorkflows(
	credential: CredentialReference,
	filesFolder: string,
): WorkflowExport[] {
	return readdirSync(EXAMPLES_FOLDER)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const workflow = JSON.parse(
				readFileSync(join(EXAMPLES_FOLDER, name), 'utf8'),
			) as WorkflowExport;
			return localizeWorkflow(workflow, credential, filesFolder);
		});
}

export function localizeWorkflow(
	workflow: WorkflowExport,
	credential: CredentialReference,
	filesFolder: string,
): WorkflowExport {
	const nodes = workflow.nodes.map((node) => {
		if (node.type === GEMINI_IMAGE_NODE_TYPE || node.type === GEMINI_IMAGE_TRIGGER_TYPE) {
			return { ...node, credentials: { [CREDENTIAL_TYPE]: credential } };
		}
		if (node.type === 'n8n-nodes-base.set') {
			return { ...node, parameters: relocateAssignments(node.parameters, filesFolder) };
		}
		return node;
	});
	return { ...workflow, nodes };
}

interface Assignment {
	name: string;
	value: unknown;
	[key: string]: unknown;
}

function relocateAssignments(
	parameters: Record<string, unknown>,
	filesFolder: string,
): Record<string, unknown> {
	const holder = parameters.assignments as { assignments?: Assignment[] } | undefined;
	if (!holder?.assignments) return parameters;
	const assignments = holder.assignments.map((assignment) =>
		typeof assignment.value === 'string' && assignment.value.startsWith(DEFAULT_FILES_FOLDER)
			? { ...assignment, value: filesFolder + assignment.value.slice(DEFAULT_FILES_FOLDER.length) }
			: assignment,
	);
	return { ...parameters, assignments: { ...holder, assignments } };
}

/** A small landscape (sky, sun, hills) for the edit example to start from. */
export async function writeSamplePhoto(path: string, width = 640, height = 400): Promise<void> {
	const png = new PNG({ width, height });
	const horizon = Math.round(height * 0.62);
	const sun = { x: width * 0.72, y: height * 0.3, r: height * 0.12 };
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const hill = horizon - Math.sin((x / width) * Math.PI * 2) * height * 0.06;
			let rgb: [number, number, number];
			if (y > hill) {
				const shade = (y - hill) / (height - hill);
				rgb = [60 - shade * 30, 150 - shade * 60, 70 - shade * 30];
			} else if ((x - sun.x) ** 2 + (y - sun.y) ** 2 < sun.r ** 2) {
				rgb = [255, 214, 90];
			} else {
				const t = y / horizon;
				rgb = [110 + t * 120, 170 + t * 60, 235 - t * 20];
			}
			const offset = (y * width + x) * 4;
			png.data[offset] = Math.round(rgb[0]);
			png.data[offset + 1] = Math.round(rgb[1]);
			png.data[offset + 2] = Math.round(rgb[2]);
			png.data[offset + 3] = 255;
		}
	}
	await writeFile(path, PNG.sync.write(png));
}
