/**
 * Runs before each test file: a fresh database copied from the migrated template, and the
 * configuration the app reads, so no test touches another's data or the development data.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";

const serverUrl = inject("pgServerUrl");
const template = inject("templateDatabase");
const database = `spike_test_${process.pid}_${randomBytes(4).toString("hex")}`;

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`);
await admin.end();

const url = new URL(serverUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();
process.env.APP_ENV = "test";
process.env.SESSION_SECRET = randomBytes(32).toString("hex");
process.env.ENCRYPTION_KEY = randomBytes(32).toString("hex");
process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "spike-test-data-"));
process.env.APP_URL = "http://localhost:3999";
delete process.env.SMTP_URL;
// Object storage stays on local files under DATA_DIR; the S3 driver is tested against s3rver with explicit settings.
for (const name of ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "GEMINI_API_KEY", "GEMINI_BASE_URL", "GEMINI_MODEL", "GEMINI_TEXT_MODEL", "RATE_LIMIT_OVERRIDES", "BOX_PROVIDER", "BOX_CGROUP", "PRODIGI_API_KEY", "PRODIGI_BASE_URL", "PRINTFUL_API_KEY", "PRINTFUL_BASE_URL", "PRINTFUL_STORE_ID"]) delete process.env[name];
