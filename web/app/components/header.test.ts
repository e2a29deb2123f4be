/** The header's one list of links: who sees which page. */
import { describe, expect, it } from "vitest";
import { headerLinks, splitHeaderLinks } from "./header.tsx";

const paths = (options: Parameters<typeof headerLinks>[0]) => headerLinks(options).map((item) => item.to);

describe("header links", () => {
  it("lead a signed-in user to their print orders", () => {
    expect(headerLinks({ signedIn: true, isAdmin: false, showMailbox: false })).toContainEqual({ to: "/orders", label: "Orders" });
  });

  it("lead a signed-in user to their boxes, next to the other products", () => {
    const signedIn = paths({ signedIn: true, isAdmin: false, showMailbox: false });
    expect(headerLinks({ signedIn: true, isAdmin: false, showMailbox: false })).toContainEqual({ to: "/boxes", label: "Boxes" });
    expect(signedIn.indexOf("/boxes")).toBe(signedIn.indexOf("/pipelines") + 1);
    expect(paths({ signedIn: false, isAdmin: false, showMailbox: false })).not.toContain("/boxes");
  });

  it("lead a signed-in user to their apps; visitors reach a published app only by its link", () => {
    expect(headerLinks({ signedIn: true, isAdmin: false, showMailbox: false })).toContainEqual({ to: "/apps", label: "Apps" });
    expect(paths({ signedIn: false, isAdmin: false, showMailbox: false })).not.toContain("/apps");
  });

  it("show visitors only the public pages", () => {
    expect(paths({ signedIn: false, isAdmin: false, showMailbox: false })).toEqual(["/gallery", "/shop", "/pricing"]);
  });

  it("add the admin and the development mailbox only to those who may use them", () => {
    expect(paths({ signedIn: true, isAdmin: true, showMailbox: true }).slice(-2)).toEqual(["/admin", "/dev/mailbox"]);
    expect(paths({ signedIn: true, isAdmin: false, showMailbox: false })).not.toContain("/admin");
  });

  it("keep the products in the wide header and put the rest under More", () => {
    const { inline, more } = splitHeaderLinks(headerLinks({ signedIn: true, isAdmin: true, showMailbox: true }));
    expect(inline.map((item) => item.label)).toEqual(["Gallery", "Shop", "Pricing", "Images", "Albums", "Boxes", "Audio", "Apps", "Admin"]);
    expect(more.map((item) => item.label)).toEqual(["Jobs", "Pipelines", "Orders", "Mailbox"]);
    expect(splitHeaderLinks(headerLinks({ signedIn: false, isAdmin: false, showMailbox: false })).more).toEqual([]);
  });
});
