/**
 * A phone photo of a document is often 3–8 MB; the office needs it readable, not print quality. It is scaled
 * down and re-encoded as JPEG in the browser until it fits, so it is cheap to keep on the device and fits one
 * upload (adapter-node accepts 512 KB request bodies by default).
 */
export const MAX_PHOTO_BYTES = 450_000;
const LONG_SIDE = 1600;

export class PhotoError extends Error {}

export interface PreparedPhoto {
	name: string;
	type: string;
	blob: Blob;
}

export async function preparePhoto(file: File): Promise<PreparedPhoto> {
	if (!file.type.startsWith('image/')) throw new PhotoError('Choose a photo (an image file), like a JPEG from your phone’s camera.');
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file);
	} catch {
		throw new PhotoError('That image could not be read. Take the photo again, or choose a JPEG or PNG file.');
	}
	const name = `${file.name.replace(/\.[^.]*$/, '') || 'document'}.jpg`;
	try {
		let scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
		for (let attempt = 0; attempt < 6; attempt++) {
			for (const quality of [0.82, 0.7, 0.58]) {
				const blob = await encode(bitmap, scale, quality);
				if (blob.size <= MAX_PHOTO_BYTES) return { name, type: 'image/jpeg', blob };
			}
			scale *= 0.75;
		}
	} finally {
		bitmap.close();
	}
	throw new PhotoError('That photo could not be made small enough to send. Try a photo of just the document.');
}

function encode(bitmap: ImageBitmap, scale: number, quality: number): Promise<Blob> {
	const canvas = document.createElement('canvas');
	canvas.width = Math.max(1, Math.round(bitmap.width * scale));
	canvas.height = Math.max(1, Math.round(bitmap.height * scale));
	const context = canvas.getContext('2d');
	if (!context) return Promise.reject(new PhotoError('This browser cannot resize photos.'));
	// JPEG has no transparency: a white page behind a transparent PNG reads better than black.
	context.fillStyle = '#fff';
	context.fillRect(0, 0, canvas.width, canvas.height);
	context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
	return new Promise((resolve, reject) =>
		canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new PhotoError('The photo could not be converted.'))), 'image/jpeg', quality)
	);
}
