/** Small cryptographic helpers: random tokens, digests, and AES-256-GCM for secrets at rest. */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "./env.server.ts";

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** A share token for albums, images and pipelines: 12 url-safe random characters (72 bits). */
export function shareToken(): string {
  return randomBytes(9).toString("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const VERSION = "v1";

/** Encrypts a secret (OAuth tokens, provider keys) for storage: "v1.iv.tag.ciphertext", base64url parts. */
export function encryptSecret(plaintext: string): string {
  const key = Buffer.from(env.ENCRYPTION_KEY, "hex");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, data] = stored.split(".");
  if (version !== VERSION || !iv || !tag || !data) throw new Error("Stored secret has an unknown format");
  const key = Buffer.from(env.ENCRYPTION_KEY, "hex");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
