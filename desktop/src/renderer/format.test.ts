/** How the account screen words balances, roles and names. */
import { describe, expect, it } from "vitest";
import { firstName, formatTokenCount, hostOf, initials, roleLabel, tierLabel, tokensWord } from "./format.ts";

describe("account screen wording", () => {
  it("counts tokens in plain words", () => {
    expect(`${formatTokenCount(10)} ${tokensWord(10)}`).toBe("10 tokens");
    expect(`${formatTokenCount(1)} ${tokensWord(1)}`).toBe("1 token");
    expect(`${formatTokenCount(12500)} ${tokensWord(12500)}`).toBe("12,500 tokens");
    expect(tokensWord(0)).toBe("tokens");
  });

  it("names roles and plans the way people say them", () => {
    expect(roleLabel("SUPER_ADMIN")).toBe("Super admin");
    expect(tierLabel("PREMIUM")).toBe("Premium plan");
  });

  it("makes initials from whatever the account has", () => {
    expect(initials("Demo User", "demo@spike.land")).toBe("DU");
    expect(initials("Ada  Byron  Lovelace", null)).toBe("AL");
    expect(initials("Cher", null)).toBe("CH");
    expect(initials(null, "zed@spike.land")).toBe("Z");
    expect(initials("  ", null)).toBe("?");
    expect(firstName(" Demo User")).toBe("Demo");
    expect(firstName(null)).toBeNull();
  });

  it("shows a server by its host", () => {
    expect(hostOf("http://localhost:3000")).toBe("localhost:3000");
    expect(hostOf("https://spike.land/base")).toBe("spike.land");
  });
});
