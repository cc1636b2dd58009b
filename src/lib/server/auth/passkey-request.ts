import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { holdsNul } from '$lib/domain/validation';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

/** Shapes the browser's WebAuthn answers must have before @simplewebauthn looks at them. */
const b64url = v.pipe(v.string(), v.maxLength(20_000), v.regex(/^[A-Za-z0-9_-]*={0,2}$/));

const registrationResponse = v.looseObject({
	id: b64url,
	rawId: b64url,
	type: v.literal('public-key'),
	clientExtensionResults: v.optional(v.looseObject({}), {}),
	response: v.looseObject({
		clientDataJSON: b64url,
		attestationObject: b64url,
		transports: v.optional(v.array(v.pipe(v.string(), v.maxLength(20))))
	})
});

const authenticationResponse = v.looseObject({
	id: b64url,
	rawId: b64url,
	type: v.literal('public-key'),
	clientExtensionResults: v.optional(v.looseObject({}), {}),
	response: v.looseObject({
		clientDataJSON: b64url,
		authenticatorData: b64url,
		signature: b64url,
		userHandle: v.optional(b64url)
	})
});

const withResponse = <S extends v.GenericSchema>(schema: S) =>
	v.object({ response: schema, next: v.optional(v.pipe(v.string(), v.maxLength(2000)), '') });

async function body<S extends v.GenericSchema>(request: Request, schema: S): Promise<v.InferOutput<S>> {
	if (Number(request.headers.get('content-length') ?? 0) > 100_000) error(413, 'This passkey request is too large. Try again from the page.');
	const json = await request.json().catch(() => error(400, 'This passkey request could not be read. Try again from the page.'));
	const parsed = v.safeParse(schema, json);
	// No passkey response holds U+0000; one that does would reach a PostgreSQL lookup and fail there as a 500.
	if (!parsed.success || holdsNul(json)) error(400, 'That is not a passkey response.');
	return parsed.output;
}

export const readRegistration = async (request: Request) => {
	const b = await body(request, withResponse(registrationResponse));
	return b.response as unknown as RegistrationResponseJSON;
};

export const readAuthentication = async (request: Request) => {
	const b = await body(request, withResponse(authenticationResponse));
	return { response: b.response as unknown as AuthenticationResponseJSON, next: b.next };
};
