import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { showFor } from '../description/show';
import type { CloudImage } from '../gemini/conversation/cloudStorage';
import { readCloudImages } from '../gemini/conversation/cloudStorage';
import { runsOnVertex } from '../n8n/parameters';

export const CLOUD_IMAGES_PARAMETER = 'Cloud Storage Images (Vertex AI)';

/** Images Vertex AI reads from Cloud Storage itself: beside the binary ones, with no size limit. */
export function cloudImagesProperty(operation: string): INodeProperties {
	return {
		displayName: CLOUD_IMAGES_PARAMETER,
		name: 'cloudStorageImages',
		type: 'string',
		default: '',
		placeholder: 'e.g. gs://my-bucket/products/chair.png',
		description:
			'Images in Cloud Storage, by gs:// URI, separated by commas: Vertex AI reads them itself, so they take no room in the request (large images belong here: Vertex AI has no Files API). The service account needs read access to the bucket (Storage Object Viewer). Sent after the binary images.',
		displayOptions: showFor([operation], { authentication: ['vertexAi'] }),
	};
}

/** The item's Cloud Storage images (none on the Gemini API, which cannot read gs:// URIs). */
export function readCloudImagesOf(context: IExecuteFunctions, itemIndex: number): CloudImage[] {
	if (!runsOnVertex(context)) return [];
	const text = String(context.getNodeParameter('cloudStorageImages', itemIndex, '') ?? '');
	const reading = readCloudImages(text);
	if ('images' in reading) return reading.images;
	throw new NodeOperationError(context.getNode(), `${reading.problem} (item ${itemIndex})`, {
		itemIndex,
		description: `Parameter "${CLOUD_IMAGES_PARAMETER}": give gs://bucket/object URIs of PNG, JPEG, WebP or HEIC images, separated by commas.`,
	});
}
