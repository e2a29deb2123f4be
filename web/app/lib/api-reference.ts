/**
 * The OpenAPI document turned into what the API docs page shows: endpoints grouped by tag, and each
 * schema as a tree of fields with their types, whether they are required, and their limits in words.
 * Plain data, so a loader can hand it to the page.
 */
import {
  ERROR_RESPONSES,
  ERROR_SCHEMA_NAME,
  type JsonSchema,
  type OpenApiDocument,
  type OperationObject,
  type ReferenceObject,
  type ResponseObject,
} from "@spike-land/shared/api/openapi";

export type SchemaNode = {
  /** "string", "integer", "array of object", "map of string to …", a literal, or "any JSON value". */
  type: string;
  nullable: boolean;
  /** Limits and formats in words ("1 to 80 characters", "default PRIVATE"). */
  notes: string[];
  /** The values an enum allows. */
  values?: string[];
  description?: string;
  /** An object's fields (for an array of objects, the items' fields). */
  fields?: FieldNode[];
  /** For a choice between shapes: each shape, with what tells it apart. */
  variants?: Array<{ label: string; node: SchemaNode }>;
};

export type FieldNode = { name: string; required: boolean; node: SchemaNode };

export type BodyView = { mediaType: string; label: string; node: SchemaNode; example?: string };

export type ResponseView = { status: string; description: string; location?: string; body?: BodyView };

export type ErrorView = { status: string; code: string; description: string };

export type ParameterView = { name: string; where: "path" | "query"; required: boolean; description?: string; node: SchemaNode };

export type EndpointView = {
  id: string;
  method: string;
  path: string;
  summary: string;
  paragraphs: string[];
  auth: "required" | "optional" | "none";
  parameters: ParameterView[];
  request?: { required: boolean; description?: string; bodies: BodyView[] };
  responses: ResponseView[];
  errors: ErrorView[];
  curl: string;
};

export type TagView = { name: string; id: string; description: string; endpoints: EndpointView[] };

export type ApiReference = {
  title: string;
  version: string;
  paragraphs: string[];
  serverUrl: string;
  tags: TagView[];
  errorShape: SchemaNode;
  errorCodes: ErrorView[];
};

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const SCHEMAS = "#/components/schemas/";

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

class SchemaReader {
  constructor(private readonly document: OpenApiDocument) {}

  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    // Components refer to one another only by name, never in a loop.
    for (let hops = 0; current.$ref?.startsWith(SCHEMAS) && hops < 10; hops++) {
      current = this.document.components.schemas[current.$ref.slice(SCHEMAS.length)] ?? {};
    }
    return current;
  }

  node(input: JsonSchema, depth = 0): SchemaNode {
    const schema = this.resolve(input);
    const choices = schema.anyOf ?? schema.oneOf;
    if (choices) {
      const nonNull = choices.filter((choice) => this.resolve(choice).type !== "null");
      const nullable = nonNull.length < choices.length;
      if (nonNull.length === 1) return this.withExtras({ ...this.node(nonNull[0]!, depth), nullable: true }, schema);
      const variants = nonNull.map((choice, index) => ({ label: this.variantLabel(this.resolve(choice), nonNull, index), node: this.node(choice, depth + 1) }));
      return this.withExtras({ type: "one of these shapes", nullable, notes: [], variants }, schema);
    }
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    const nullable = types.includes("null");
    const type = types.find((name) => name !== "null");
    const node: SchemaNode = { type: type ?? "any JSON value", nullable, notes: [] };
    if (schema.const !== undefined) node.type = show(schema.const);
    if (schema.enum) node.values = schema.enum.map(show);
    if (type === "string") this.stringNotes(schema, node);
    if (type === "integer" || type === "number") this.numberNotes(schema, node);
    if (type === "array" && schema.items) {
      const items = this.node(schema.items, depth + 1);
      node.type = `array of ${items.type}${items.nullable ? " or null" : ""}`;
      if (schema.minItems !== undefined && schema.maxItems !== undefined) node.notes.push(`${schema.minItems} to ${plural(schema.maxItems, "item")}`);
      else if (schema.minItems !== undefined) node.notes.push(`at least ${plural(schema.minItems, "item")}`);
      else if (schema.maxItems !== undefined) node.notes.push(`at most ${plural(schema.maxItems, "item")}`);
      node.notes.push(...items.notes.map((note) => `each ${note}`));
      if (items.values) node.values = items.values;
      if (items.fields) node.fields = items.fields;
      if (items.variants) node.variants = items.variants;
    }
    if (type === "object") {
      if (schema.properties) {
        const required = new Set(schema.required ?? []);
        node.fields = Object.entries(schema.properties).map(([name, property]) => ({ name, required: required.has(name), node: this.node(property, depth + 1) }));
      } else if (typeof schema.additionalProperties === "object") {
        const values = this.node(schema.additionalProperties, depth + 1);
        node.type = `map of string to ${values.type}`;
      }
    }
    return this.withExtras(node, schema);
  }

  private withExtras(node: SchemaNode, schema: JsonSchema): SchemaNode {
    if (schema.default !== undefined) node.notes.push(`default ${show(schema.default)}`);
    if (schema.description) node.description = schema.description;
    return node;
  }

  /** What tells one shape of a choice from the others: a constant field (`type: NAVIGATE`), or its required fields. */
  private variantLabel(choice: JsonSchema, all: JsonSchema[], index: number): string {
    const properties = choice.properties ?? {};
    for (const [name, property] of Object.entries(properties)) {
      const constant = this.resolve(property).const;
      if (constant !== undefined && all.every((other) => this.resolve(other).properties?.[name] !== undefined)) return `${name}: ${show(constant)}`;
    }
    const required = choice.required ?? [];
    if (required.length) return `with ${required.join(", ")}`;
    return `shape ${index + 1}`;
  }

  private stringNotes(schema: JsonSchema, node: SchemaNode): void {
    if (schema.contentMediaType) node.type = "file";
    if (schema.format === "date-time") node.notes.push("date and time (ISO 8601, UTC)");
    else if (schema.format) node.notes.push(schema.format);
    const { minLength: min, maxLength: max } = schema;
    if (min !== undefined && max !== undefined) node.notes.push(min === max ? plural(min, "character") : `${min} to ${plural(max, "character")}`);
    else if (min !== undefined) node.notes.push(`at least ${plural(min, "character")}`);
    else if (max !== undefined) node.notes.push(`at most ${plural(max, "character")}`);
    if (schema.pattern) node.notes.push(`matches ${schema.pattern}`);
  }

  private numberNotes(schema: JsonSchema, node: SchemaNode): void {
    const low = schema.minimum ?? schema.exclusiveMinimum;
    const high = schema.maximum ?? schema.exclusiveMaximum;
    if (schema.exclusiveMinimum !== undefined && high === undefined) node.notes.push(`more than ${schema.exclusiveMinimum}`);
    else if (schema.exclusiveMinimum !== undefined) node.notes.push(`more than ${schema.exclusiveMinimum}, up to ${high}`);
    else if (low !== undefined && high !== undefined) node.notes.push(`from ${low} to ${high}`);
    else if (low !== undefined) node.notes.push(`at least ${low}`);
    else if (high !== undefined) node.notes.push(`at most ${high}`);
  }
}

const isReference = (response: ResponseObject | ReferenceObject): response is ReferenceObject => "$ref" in response;

function pretty(example: unknown): string | undefined {
  return example === undefined ? undefined : JSON.stringify(example, null, 2);
}

/** A curl command that makes the call, with the example body when there is one. */
function curlFor(method: string, path: string, operation: OperationObject, serverUrl: string, auth: EndpointView["auth"]): string {
  const lines = [`curl${method === "GET" ? "" : ` -X ${method}`} "${serverUrl}${path.replace(/\{([^}]+)\}/g, "<$1>")}"`];
  if (auth === "required") lines.push(`-H "Authorization: Bearer $TOKEN"`);
  const content = operation.requestBody?.content ?? {};
  const json = content["application/json"];
  const form = content["multipart/form-data"];
  if (json && (json.example !== undefined || !form)) {
    lines.push(`-H "Content-Type: application/json"`);
    lines.push(`-d '${JSON.stringify(json.example ?? {})}'`);
  } else if (form) {
    const audio = Object.values(form.encoding ?? {}).some((encoding) => encoding.contentType.includes("audio/"));
    lines.push(`-F "file=@${audio ? "take.wav" : "photo.jpg"}"`);
  }
  return lines.join(" \\\n  ");
}

function authOf(operation: OperationObject): EndpointView["auth"] {
  if (!operation.security) return "required";
  if (operation.security.length === 0) return "none";
  return operation.security.some((requirement) => Object.keys(requirement).length === 0) ? "optional" : "required";
}

/** The page's view of the document. */
export function apiReference(document: OpenApiDocument): ApiReference {
  const reader = new SchemaReader(document);
  const serverUrl = document.servers[0]?.url ?? "";
  const errorCode = (ref: string) => {
    const name = ref.slice(ref.lastIndexOf("/") + 1);
    const example = document.components.responses[name]?.content?.["application/json"]?.example as { error?: { code?: string } } | undefined;
    return example?.error?.code ?? "";
  };

  const endpoints = new Map<string, EndpointView[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const auth = authOf(operation);
      const view: EndpointView = {
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        summary: operation.summary,
        paragraphs: operation.description.split("\n\n"),
        auth,
        parameters: (operation.parameters ?? []).map((parameter) => ({
          name: parameter.name,
          where: parameter.in,
          required: parameter.required,
          ...(parameter.description ? { description: parameter.description } : {}),
          node: reader.node(parameter.schema),
        })),
        responses: [],
        errors: [],
        curl: curlFor(method.toUpperCase(), path, operation, serverUrl, auth),
      };
      if (operation.requestBody) {
        const { required, description, content } = operation.requestBody;
        view.request = {
          required,
          ...(description ? { description } : {}),
          bodies: Object.entries(content).map(([mediaType, media]) => ({
            mediaType,
            label: mediaType === "application/json" ? "JSON" : mediaType === "multipart/form-data" ? "Multipart form" : mediaType,
            node: reader.node(media.schema),
            ...(media.example === undefined ? {} : { example: pretty(media.example) }),
          })),
        };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (isReference(response)) {
          view.errors.push({ status, code: errorCode(response.$ref), description: response.description ?? "" });
          continue;
        }
        const media = response.content?.["application/json"];
        view.responses.push({
          status,
          description: response.description,
          ...(response.headers?.Location ? { location: response.headers.Location.description.replace(/^Where to find it: |\.$/g, "") } : {}),
          ...(media ? { body: { mediaType: "application/json", label: "JSON", node: reader.node(media.schema), ...(media.example === undefined ? {} : { example: pretty(media.example) }) } } : {}),
        });
      }
      const tag = operation.tags[0] ?? "Other";
      endpoints.set(tag, [...(endpoints.get(tag) ?? []), view]);
    }
  }

  const errorCodes: ErrorView[] = Object.entries(ERROR_RESPONSES).flatMap(([status, { name }]) => {
    const response = document.components.responses[name];
    if (!response) return [];
    const [, text = response.description] = /^`[^`]+`: (.*)$/.exec(response.description) ?? [];
    return [{ status, code: errorCode(name), description: text }];
  });

  return {
    title: document.info.title,
    version: document.info.version,
    paragraphs: document.info.description.split("\n\n"),
    serverUrl,
    tags: document.tags.map((tag) => ({ name: tag.name, id: slug(tag.name), description: tag.description, endpoints: endpoints.get(tag.name) ?? [] })),
    errorShape: reader.node({ $ref: `${SCHEMAS}${ERROR_SCHEMA_NAME}` }),
    errorCodes: errorCodes.sort((a, b) => Number(a.status) - Number(b.status)),
  };
}
