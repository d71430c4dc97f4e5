import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { tinyMp4, tinyPdf } from '../support/media';
import {
	geminiImage,
	manualTrigger,
	mergeByPosition,
	readFromDisk,
	workflow,
	writeToFile,
} from '../support/workflows';
import { listFiles, readImageFile } from './support/files';
import { executeWorkflow, nodeOutput, type WorkflowRun } from './support/run-workflow';
import { contentsOf, omittedData, requestsWithPrompt } from './support/simulator-requests';
import { loadState, suiteN8n } from './support/state';

const PROMPT = 'A poster for the clip (image 1) that quotes the brief (image 2)';
const MODEL = 'gemini-nano-banana-2.1';

/**
 * A small MP4 and a PDF read from disk by n8n's Read/Write Files from Disk (which sets their
 * MIME types from the file names), merged into one item and composed into a picture on a model
 * that takes video and PDF references; the picture is written back to disk.
 */
describe('compose from a video and a PDF read from disk', () => {
	const state = loadState();
	const inFolder = join(state.filesFolder, 'media', 'in');
	const outFolder = join(state.filesFolder, 'media', 'out');
	const video = tinyMp4();
	const pdf = tinyPdf();
	let result: WorkflowRun;

	beforeAll(async () => {
		mkdirSync(inFolder, { recursive: true });
		mkdirSync(outFolder, { recursive: true });
		writeFileSync(join(inFolder, 'clip.mp4'), video);
		writeFileSync(join(inFolder, 'brief.pdf'), pdf);

		const n8n = suiteN8n(state);
		await n8n.importWorkflows([
			workflow(
				'e2eVideoPdfRefs1',
				'e2e: video + PDF -> merge -> compose -> file',
				[
					manualTrigger(),
					readFromDisk('Read clip', join(inFolder, 'clip.mp4'), 'clip'),
					mergeByPosition('Merge'),
					geminiImage('Compose', state.credential, {
						operation: 'compose',
						model: MODEL,
						prompt: PROMPT,
						referenceSource: 'namedProperties',
						references: {
							reference: [
								{ binaryProperty: 'clip', role: 'none', label: 'clip' },
								{ binaryProperty: 'brief', role: 'none', label: 'brief' },
							],
						},
					}),
					writeToFile('Write file', `=${outFolder}/poster.{{ $json.fileName.split('.').pop() }}`),
				],
				{
					extraNodes: [readFromDisk('Read brief', join(inFolder, 'brief.pdf'), 'brief')],
					links: [
						{ from: 'Run', to: 'Read brief' },
						{ from: 'Read brief', to: 'Merge', input: 1 },
					],
				},
			),
		]);
		result = await executeWorkflow(n8n, 'e2eVideoPdfRefs1');
	});

	it('succeeds', () => {
		expect(result.run.status).toBe('success');
		expect(result.exitCode).toBe(0);
	});

	it('sent one request with the video and the PDF inline, under their own types', async () => {
		const requests = await requestsWithPrompt(state, PROMPT);
		expect(requests).toHaveLength(1);
		expect(requests[0].path).toBe(`/v1beta/models/${MODEL}:generateContent`);
		expect(requests[0].status).toBe(200);
		expect(contentsOf(requests[0])[0].parts).toEqual([
			{ text: PROMPT },
			{ text: 'Image 1 (clip):' },
			{ inlineData: { mimeType: 'video/mp4', data: omittedData(video.length) } },
			{ text: 'Image 2 (brief):' },
			{ inlineData: { mimeType: 'application/pdf', data: omittedData(pdf.length) } },
		]);
	});

	it('says in the output JSON which references were video and PDF', () => {
		const [composed, ...more] = nodeOutput(result.run, 'Compose');
		expect(more).toHaveLength(0);
		expect(composed.json.mediaInputs).toEqual([
			{
				item: 0,
				binaryProperty: 'clip',
				fileName: 'clip.mp4',
				kind: 'video',
				mimeType: 'video/mp4',
				sizeBytes: video.length,
			},
			{
				item: 0,
				binaryProperty: 'brief',
				fileName: 'brief.pdf',
				kind: 'pdf',
				mimeType: 'application/pdf',
				sizeBytes: pdf.length,
			},
		]);
	});

	it('writes the picture to disk', () => {
		expect(listFiles(outFolder)).toEqual(['poster.jpg']);
		expect(readImageFile(join(outFolder, 'poster.jpg'))).toMatchObject({ type: 'jpg' });
	});
});
