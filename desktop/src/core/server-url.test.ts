/** What the sign-in form accepts as a server address, and what it says when it can't. */
import { describe, expect, it } from "vitest";
import { CoreError } from "./errors.ts";
import { normaliseServerUrl } from "./server-url.ts";

function messageFor(input: string): string {
  try {
    normaliseServerUrl(input);
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).fields?.serverUrl).toHaveLength(1);
    return (error as CoreError).message;
  }
  throw new Error(`${input} was accepted`);
}

describe("normaliseServerUrl", () => {
  it.each([
    ["http://localhost:3000", "http://localhost:3000"],
    ["  https://Spike.Land/  ", "https://spike.land"],
    ["https://spike.land:443", "https://spike.land"],
    ["http://10.0.0.5:8080/spike//", "http://10.0.0.5:8080/spike"],
    ["HTTP://LOCALHOST:3000", "http://localhost:3000"],
  ])("turns %j into %j", (input, expected) => {
    expect(normaliseServerUrl(input)).toBe(expected);
  });

  it("asks for an address when the field is empty", () => {
    expect(messageFor("   ")).toMatch(/Enter the address/);
  });

  it("asks for the scheme instead of guessing one", () => {
    expect(messageFor("localhost:3000")).toMatch(/Start the server address with http:\/\/ or https:\/\//);
    expect(messageFor("spike.land")).toMatch(/http:\/\/ or https:\/\//);
  });

  it("refuses schemes that are not http or https", () => {
    expect(messageFor("ftp://spike.land")).toMatch(/not ftp:\/\//);
    expect(messageFor("file:///etc/passwd")).toMatch(/not file:\/\//);
  });

  it("refuses credentials, queries and fragments in the address", () => {
    expect(messageFor("https://me:secret@spike.land")).toMatch(/user name and password/);
    expect(messageFor("https://spike.land/?x=1")).toMatch(/query/);
    expect(messageFor("https://spike.land/#top")).toMatch(/fragment/);
  });

  it("explains an address that does not parse", () => {
    expect(messageFor("http://exa mple.com")).toMatch(/is not a web address/);
  });
});
