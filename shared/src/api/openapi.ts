/**
 * The OpenAPI 3.1 document of /api/v1, made from the endpoint list in ./endpoints.ts: request bodies
 * are the zod schemas the server validates (as they accept input), responses the schemas the typed
 * client checks (as they come out), turned into JSON Schema 2020-12 by zod itself. Served at
 * GET /api/v1/openapi.json and read by the docs page at /docs/api.
 */
import { z } from "zod";
import { apiErrorBody, type ApiErrorCode } from "./errors.ts";
import { API_TAGS, ENDPOINTS, type Endpoint, type EndpointAuth, type ErrorStatus, type HttpMethod, type MultipartField, type NamedSchema } from "./endpoints.ts";
import { codeForStatus } from "../errors.ts";

/** A JSON Schema (2020-12) as zod writes it; only the keywords this API's schemas use are named. */
export interface JsonSchema {
  [keyword: string]: unknown;
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  contentMediaType?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

export type ReferenceObject = { $ref: string; description?: string; summary?: string };
export type MediaTypeObject = { schema: JsonSchema; example?: unknown; encoding?: Record<string, { contentType: string }> };
export type HeaderObject = { description: string; schema: JsonSchema };
export type ResponseObject = { description: string; headers?: Record<string, HeaderObject>; content?: Record<string, MediaTypeObject> };
export type ParameterObject = { name: string; in: "path" | "query"; required: boolean; description?: string; schema: JsonSchema };
export type RequestBodyObject = { required: boolean; description?: string; content: Record<string, MediaTypeObject> };
export type SecurityRequirement = Record<string, string[]>;
export type OperationObject = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security?: SecurityRequirement[];
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
};
export type OpenApiMethod = Lowercase<HttpMethod>;
export type PathItemObject = Partial<Record<OpenApiMethod, OperationObject>>;
export type SecuritySchemeObject =
  | { type: "http"; scheme: "bearer"; description: string }
  | { type: "apiKey"; in: "cookie"; name: string; description: string };

export type OpenApiDocument = {
  openapi: "3.1.0";
  jsonSchemaDialect: string;
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  security: SecurityRequirement[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, SecuritySchemeObject>;
  };
};

export const ERROR_SCHEMA_NAME = "ApiError";
const SCHEMAS = "#/components/schemas/";
const RESPONSES = "#/components/responses/";

/** The shared error responses, by status: the component's name and an example body. */
export const ERROR_RESPONSES: Readonly<Record<ErrorStatus | 405, { name: string; description: string; message: string }>> = {
  400: { name: "BadRequest", description: "The request could not be read.", message: "The request body is not valid JSON." },
  401: { name: "Unauthorized", description: "No session, or it has ended.", message: "Sign in first: send a session cookie or an Authorization: Bearer token." },
  402: { name: "PaymentRequired", description: "Your token balance is too low.", message: "You need 5 tokens for this and have 2." },
  403: { name: "Forbidden", description: "You may not do this.", message: "Your account may not use this endpoint." },
  404: { name: "NotFound", description: "Nothing of yours has that id.", message: "We could not find that album." },
  405: { name: "MethodNotAllowed", description: "The path does not take this method; Allow lists the ones it does.", message: "Use GET or POST for this endpoint." },
  409: { name: "Conflict", description: "The request conflicts with how things are now.", message: "This box is already running." },
  413: { name: "PayloadTooLarge", description: "The upload is too large.", message: "This file is larger than 25.0 MB, the limit per file." },
  422: { name: "ValidationFailed", description: "The input is not valid; `fields` holds the messages per field.", message: "Give the album a name." },
  429: { name: "RateLimited", description: "Too many requests; Retry-After says how many seconds to wait.", message: "Too many attempts. Try again in 40 seconds." },
  500: { name: "Internal", description: "Something went wrong on our side; it has been logged.", message: "Something went wrong on our side. It has been logged; please try again." },
};

const GENERAL_LIMIT = "More than 100 requests a minute (the general API limit, unless this server sets another); wait as long as Retry-After says.";

function errorExample(status: ErrorStatus | 405): { error: { code: ApiErrorCode; message: string; fields?: Record<string, string[]> } } {
  const { message } = ERROR_RESPONSES[status];
  const code = codeForStatus(status);
  return { error: status === 422 ? { code, message, fields: { name: [message] } } : { code, message } };
}

/** The errors an endpoint can answer, with when: its own, and those every endpoint of its kind has. */
export function endpointErrors(endpoint: Endpoint): Map<ErrorStatus, string> {
  const own = endpoint.errors ?? {};
  const errors = new Map<ErrorStatus, string>();
  const add = (status: ErrorStatus, fallback: string) => errors.set(status, own[status] ?? fallback);
  const json = endpoint.request?.json !== undefined;
  if (json) add(400, "The body is not JSON, or was sent without Content-Type: application/json.");
  if (endpoint.auth === "required") add(401, "No session: send Authorization: Bearer <token>, or the site's session cookie.");
  if (json || endpoint.query) add(422, `The ${json ? "body" : "query"} is not valid; \`fields\` holds the messages per field.`);
  if (endpoint.auth === "required") errors.set(429, own[429] ? `${own[429]} The general API limit applies too.` : GENERAL_LIMIT);
  for (const [status, text] of Object.entries(own)) if (!errors.has(Number(status) as ErrorStatus)) errors.set(Number(status) as ErrorStatus, text);
  add(500, ERROR_RESPONSES[500].description);
  return new Map([...errors].sort(([a], [b]) => a - b));
}

function security(auth: EndpointAuth): SecurityRequirement[] | undefined {
  if (auth === "none") return [];
  // An empty requirement makes a session optional.
  if (auth === "optional") return [{}, { bearerAuth: [] }, { cookieAuth: [] }];
  return undefined;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * zod's JSON Schema made fit for the document: no per-schema `$schema`, no safe-integer bounds that
 * say nothing, no date-time pattern beside its format, and responses open to new fields (clients
 * should ignore what they do not know, so adding a field never breaks one).
 */
function tidy(value: unknown, io: "input" | "output"): unknown {
  if (Array.isArray(value)) return value.map((item) => tidy(item, io));
  if (typeof value !== "object" || value === null) return value;
  const schema: JsonSchema = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === "$schema" || key === "$id") continue;
    schema[key] = key === "enum" || key === "const" || key === "default" || key === "examples" ? inner : tidy(inner, io);
  }
  if (schema.minimum === -MAX_SAFE) delete schema.minimum;
  if (schema.maximum === MAX_SAFE) delete schema.maximum;
  if (schema.format === "date-time") delete schema.pattern;
  const open = schema.additionalProperties;
  if ((io === "output" && open === false) || (typeof open === "object" && Object.keys(open).length === 0)) delete schema.additionalProperties;
  return schema;
}

/** One zod schema as JSON Schema, as it accepts input (requests) or comes out (responses). */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  return tidy(z.toJSONSchema(schema, { target: "draft-2020-12", io }), io) as JsonSchema;
}

function multipartSchema(fields: readonly MultipartField[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) {
    const one: JsonSchema =
      field.kind === "file"
        ? { type: "string", contentMediaType: "application/octet-stream" }
        : jsonSchemaOf(field.schema ?? z.string(), "input");
    properties[field.name] = field.repeated ? { type: "array", items: one, description: field.description } : { ...one, description: field.description };
  }
  const required = fields.filter((field) => field.required).map((field) => field.name);
  return { type: "object", properties, ...(required.length ? { required } : {}) };
}

/** Collects the named schemas of the document, refusing one name for two different schemas. */
class SchemaTable {
  readonly schemas: Record<string, JsonSchema> = {};
  readonly #sources = new Map<string, { schema: unknown; io: string }>();

  add(name: string, source: unknown, io: string, make: () => JsonSchema): JsonSchema {
    const known = this.#sources.get(name);
    if (known && (known.schema !== source || known.io !== io)) throw new Error(`Two different schemas are named ${name} in the API endpoint list.`);
    if (!known) {
      this.#sources.set(name, { schema: source, io });
      this.schemas[name] = make();
    }
    return { $ref: `${SCHEMAS}${name}` };
  }

  zod(named: NamedSchema, io: "input" | "output"): JsonSchema {
    return this.add(named.name, named.schema, io, () => jsonSchemaOf(named.schema, io));
  }
}

function operation(endpoint: Endpoint, table: SchemaTable): OperationObject {
  const parameters: ParameterObject[] = [...endpoint.path.matchAll(/\{([^}]+)\}/g)].map(([, name = ""]) => ({
    name,
    in: "path",
    required: true,
    description: endpoint.params?.[name] ?? "",
    schema: { type: "string" },
  }));
  if (endpoint.query) {
    const query = jsonSchemaOf(endpoint.query, "input");
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: "query", required: query.required?.includes(name) ?? false, ...(schema.description ? { description: schema.description } : {}), schema });
    }
  }

  let requestBody: RequestBodyObject | undefined;
  const request = endpoint.request;
  if (request) {
    const content: Record<string, MediaTypeObject> = {};
    if (request.json) content["application/json"] = { schema: table.zod(request.json, "input"), ...(request.example === undefined ? {} : { example: request.example }) };
    if (request.multipart) {
      const { name, fields } = request.multipart;
      const encoding = Object.fromEntries(fields.filter((field) => field.accept).map((field) => [field.name, { contentType: field.accept! }]));
      content["multipart/form-data"] = { schema: table.add(name, fields, "input", () => multipartSchema(fields)), ...(Object.keys(encoding).length ? { encoding } : {}) };
    }
    requestBody = { required: request.required ?? true, ...(request.description ? { description: request.description } : {}), content };
  }

  const responses: Record<string, ResponseObject | ReferenceObject> = {};
  for (const success of endpoint.responses) {
    const response: ResponseObject = { description: success.description };
    if (success.location) response.headers = { Location: { description: `Where to find it: ${success.location}.`, schema: { type: "string" } } };
    if (success.schema) {
      response.content = { "application/json": { schema: table.zod(success.schema, "output"), ...(success.example === undefined ? {} : { example: success.example }) } };
    }
    responses[String(success.status)] = response;
  }
  for (const [status, description] of endpointErrors(endpoint)) responses[String(status)] = { $ref: `${RESPONSES}${ERROR_RESPONSES[status].name}`, description };

  const description = [endpoint.description, endpoint.notes].filter(Boolean).join("\n\n");
  const secured = security(endpoint.auth);
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    description,
    tags: [endpoint.tag],
    ...(secured ? { security: secured } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

function errorResponses(): Record<string, ResponseObject> {
  const responses: Record<string, ResponseObject> = {};
  for (const [key, { name, description }] of Object.entries(ERROR_RESPONSES)) {
    const status = Number(key) as ErrorStatus | 405;
    const response: ResponseObject = {
      description: `\`${codeForStatus(status)}\`: ${description}`,
      content: { "application/json": { schema: { $ref: `${SCHEMAS}${ERROR_SCHEMA_NAME}` }, example: errorExample(status) } },
    };
    if (status === 429) response.headers = { "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer" } } };
    if (status === 405) response.headers = { Allow: { description: "The methods this path takes.", schema: { type: "string" } } };
    responses[name] = response;
  }
  return responses;
}

const DESCRIPTION = [
  "The HTTP API of Spike Land, used by the desktop app and by your own programs. Every endpoint answers JSON.",
  "**Signing in.** `POST /api/v1/sessions` with your email and password answers a token; send it as `Authorization: Bearer <token>`. An API key (it starts with `sk_`) goes in the same header. In a browser signed in to the site, the session cookie works too.",
  "**Errors** have one shape, `{ \"error\": { \"code\", \"message\", \"fields\"? } }`, with the status that matches the code. Someone else's photo, album, box or track is always `not_found`, never `forbidden`.",
  "**Limits.** A signed-in caller may make 100 requests a minute; some endpoints have tighter limits of their own. A limited call answers 429 with `Retry-After` in seconds.",
].join("\n\n");

/** The whole document; `serverUrl` is where this server answers (the app's public address). */
export function buildOpenApiDocument(options: { serverUrl: string }, endpoints: readonly Endpoint[] = ENDPOINTS): OpenApiDocument {
  const table = new SchemaTable();
  table.add(ERROR_SCHEMA_NAME, apiErrorBody, "output", () => jsonSchemaOf(apiErrorBody, "output"));
  const paths: Record<string, PathItemObject> = {};
  for (const endpoint of endpoints) {
    const item = (paths[endpoint.path] ??= {});
    item[endpoint.method.toLowerCase() as OpenApiMethod] = operation(endpoint, table);
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: { title: "Spike Land API", version: "1", description: DESCRIPTION },
    servers: [{ url: options.serverUrl, description: "This server" }],
    tags: API_TAGS.map((tag) => ({ name: tag.name, description: tag.description })),
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      schemas: table.schemas,
      responses: errorResponses(),
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A session token from POST /api/v1/sessions, or an API key (it starts with sk_)." },
        cookieAuth: { type: "apiKey", in: "cookie", name: "__session", description: "The site's session cookie, set when you sign in with a browser." },
      },
    },
  };
}

const built = new Map<string, OpenApiDocument>();

/** The document for `serverUrl`, made once per address. */
export function openApiDocument(serverUrl: string): OpenApiDocument {
  let document = built.get(serverUrl);
  if (!document) {
    document = buildOpenApiDocument({ serverUrl });
    built.set(serverUrl, document);
  }
  return document;
}
