/**
 * Images in Cloud Storage, named by gs:// URI: Vertex AI reads them itself, so they are sent
 * as file parts, never downloaded or inlined here. Pure.
 */

export interface CloudImage {
	uri: string;
	mimeType: string;
}

const MIME_BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	heic: 'image/heic',
	heif: 'image/heif',
};

/** A bucket name as Cloud Storage allows it, then an object name. */
const GS_URI = /^gs:\/\/[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]\/[^\s]+$/;

export function isCloudStorageUri(value: unknown): boolean {
	return typeof value === 'string' && GS_URI.test(value);
}

export type CloudImagesReading = { images: CloudImage[] } | { problem: string };

/** gs:// URIs separated by commas or lines; each an image by its extension. */
export function readCloudImages(text: string): CloudImagesReading {
	const uris = text
		.split(/[,\n]/)
		.map((uri) => uri.trim())
		.filter(Boolean);
	const images: CloudImage[] = [];
	for (const uri of uris) {
		if (!isCloudStorageUri(uri)) {
			return {
				problem: `"${uri.slice(0, 80)}" is not a Cloud Storage URI (gs://bucket/path/to/image.png)`,
			};
		}
		const extension = /\.([a-z0-9]+)$/i.exec(uri)?.[1]?.toLowerCase() ?? '';
		const mimeType = MIME_BY_EXTENSION[extension];
		if (!mimeType) {
			return {
				problem: `${uri.slice(0, 80)} does not end in .png, .jpg, .jpeg, .webp, .heic or .heif, so its image type is unknown`,
			};
		}
		images.push({ uri, mimeType });
	}
	return { images };
}
