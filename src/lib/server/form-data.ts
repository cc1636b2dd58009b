import { error } from '@sveltejs/kit';

/**
 * The posted form of an action. `request.formData()` throws on a text/plain or malformed multipart body, which
 * would otherwise answer 500 (TOOLCHAIN.md): such a post is the sender's mistake, so it is a 400 with a sentence.
 */
export async function formOf(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch {
		error(400, 'Send the form as a form.');
	}
}
