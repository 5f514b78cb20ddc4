// CBC error bodies. Handlers throw ApiError; the router turns it into a response.

export class ApiError extends Error {
	constructor(
		public status: number,
		public body: unknown,
	) {
		super(typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : `HTTP ${status}`);
	}
}

export const badRequest = (error_code: string, message: string, extra: Record<string, unknown> = {}): ApiError =>
	new ApiError(400, { error_code, message, ...extra });

export const notFound = (message: string, extra: Record<string, unknown> = {}): ApiError =>
	new ApiError(404, { error_code: 'NOT_FOUND', message, ...extra });

export const enumError = (field: string, invalid: unknown, known: readonly string[]): ApiError =>
	new ApiError(400, {
		error_code: 'INVALID_ENUM_VALUE',
		message: `Invalid value for ${field}: ${JSON.stringify(invalid)}. Known values: ${known.join(', ')}`,
		field,
		invalid_value: invalid,
		known_values: [...known],
	});

export const unexpectedProperty = (name: string, known: readonly string[]): ApiError =>
	new ApiError(400, {
		error_code: 'UNEXPECTED_PROPERTY',
		message: `Malformed JSON input: ${name}`,
		field: name,
		known_properties: [...known],
		property_name: name,
	});

export const malformedJson = (detail = 'Request body is not valid JSON'): ApiError =>
	new ApiError(400, { error_code: 'MALFORMED_JSON', message: `Malformed JSON input: ${detail}` });

export const invalidValue = (field: string, message: string): ApiError =>
	new ApiError(400, { error_code: 'INVALID_VALUE', message, field });
