import { describe, expect, it } from "vitest";
import { COMMANDS_HELP, displayUrl, parseCommands, splitCommands, summarise, toUrl } from "./messages-commands.server.ts";

function tasks(text: string) {
  const parsed = parseCommands(text);
  if (parsed.kind !== "tasks") throw new Error(`not understood: ${parsed.reply}`);
  return parsed.tasks;
}

function reply(text: string) {
  const parsed = parseCommands(text);
  if (parsed.kind !== "reply") throw new Error(`understood as ${JSON.stringify(parsed.tasks)}`);
  return parsed.reply;
}

describe("the chat command grammar", () => {
  it("go to / open a domain or a URL: a domain gets https, a local address http", () => {
    expect(tasks("go to example.com")).toEqual([{ type: "NAVIGATE", payload: { url: "https://example.com/" } }]);
    expect(tasks("Go to www.example.co.uk/docs?x=1.")).toEqual([{ type: "NAVIGATE", payload: { url: "https://www.example.co.uk/docs?x=1" } }]);
    expect(tasks("open https://example.com/page")).toEqual([{ type: "NAVIGATE", payload: { url: "https://example.com/page" } }]);
    expect(tasks("open http://example.com")).toEqual([{ type: "NAVIGATE", payload: { url: "http://example.com/" } }]);
    expect(tasks("navigate to localhost:3000/x")).toEqual([{ type: "NAVIGATE", payload: { url: "http://localhost:3000/x" } }]);
    expect(tasks("visit 127.0.0.1:8080")).toEqual([{ type: "NAVIGATE", payload: { url: "http://127.0.0.1:8080/" } }]);
    expect(tasks("please open <https://example.com/a>")).toEqual([{ type: "NAVIGATE", payload: { url: "https://example.com/a" } }]);
  });

  it("refuses other kinds of address by name", () => {
    expect(reply("open file:///etc/passwd")).toBe("I cannot do “open file:///etc/passwd”: Only http and https addresses can be opened.");
    expect(reply("go to javascript:alert(1)")).toBe("I cannot do “go to javascript:alert(1)”: Only http and https addresses can be opened.");
    expect(toUrl("ftp://example.com")).toBeNull();
    expect(toUrl("not a domain")).toBeNull();
    expect(toUrl("example")).toBeNull();
  });

  it("click a selector, or by the text on the page (quoted, or words that are no selector)", () => {
    expect(tasks("click #submit")).toEqual([{ type: "CLICK", payload: { selector: "#submit" } }]);
    expect(tasks("click on button.primary")).toEqual([{ type: "CLICK", payload: { selector: "button.primary" } }]);
    expect(tasks("click button")).toEqual([{ type: "CLICK", payload: { selector: "button" } }]);
    expect(tasks('click "Sign in"')).toEqual([{ type: "CLICK", payload: { text: "Sign in" } }]);
    expect(tasks("click “Accept all”")).toEqual([{ type: "CLICK", payload: { text: "Accept all" } }]);
    expect(tasks("click Sign in")).toEqual([{ type: "CLICK", payload: { text: "Sign in" } }]);
    expect(tasks("click [data-test=go]")).toEqual([{ type: "CLICK", payload: { selector: "[data-test=go]" } }]);
  });

  it("type text into a selector, pressing Enter when asked", () => {
    expect(tasks("type hello world into #q")).toEqual([{ type: "TYPE", payload: { selector: "#q", text: "hello world" } }]);
    expect(tasks("type hello into #q and press enter")).toEqual([{ type: "TYPE", payload: { selector: "#q", text: "hello", submit: true } }]);
    expect(tasks('type "now and then, into the night" into input[name=q], and hit Enter')).toEqual([
      { type: "TYPE", payload: { selector: "input[name=q]", text: "now and then, into the night", submit: true } },
    ]);
    expect(tasks("type hello into #q then press enter")).toEqual([{ type: "TYPE", payload: { selector: "#q", text: "hello", submit: true } }]);
    expect(reply("press enter")).toContain("needs something typed first");
  });

  it("screenshot, read and extract, and the questions about the page", () => {
    for (const text of ["screenshot", "Take a screenshot.", "take screenshot", "screenshot of the page"]) {
      expect(tasks(text)).toEqual([{ type: "SCREENSHOT", payload: {} }]);
    }
    expect(tasks("read #main")).toEqual([{ type: "EXTRACT", payload: { selector: "#main" } }]);
    expect(tasks("extract .price")).toEqual([{ type: "EXTRACT", payload: { selector: ".price" } }]);
    for (const text of ["what does the page say?", "What's on the page", "read the page", "read", "extract"]) {
      expect(tasks(text)).toEqual([{ type: "EXTRACT", payload: {} }]);
    }
  });

  it("several commands, one per line or joined with then, in the order written", () => {
    expect(tasks("go to example.com then take a screenshot")).toEqual([
      { type: "NAVIGATE", payload: { url: "https://example.com/" } },
      { type: "SCREENSHOT", payload: {} },
    ]);
    expect(tasks("open example.com\nclick #more, then read #details and then screenshot")).toEqual([
      { type: "NAVIGATE", payload: { url: "https://example.com/" } },
      { type: "CLICK", payload: { selector: "#more" } },
      { type: "EXTRACT", payload: { selector: "#details" } },
      { type: "SCREENSHOT", payload: {} },
    ]);
    // "then" inside quotes is text, not a separator; blank lines are skipped.
    expect(splitCommands('type "then and now" into #q\n\n  then screenshot')).toEqual(['type "then and now" into #q', "screenshot"]);
  });

  it("answers nonsense with the commands it understands, and queues nothing", () => {
    expect(reply("make me a sandwich")).toBe(`I did not understand “make me a sandwich”.\n\n${COMMANDS_HELP}`);
    // One command not understood stops the whole message.
    expect(reply("go to example.com then dance")).toBe(`I did not understand “dance”.\n\n${COMMANDS_HELP}`);
    expect(reply("go to nowhere")).toContain("I did not understand “go to nowhere”.");
    expect(reply("   ")).toBe(COMMANDS_HELP);
    expect(COMMANDS_HELP).toContain("go to example.com");
    expect(COMMANDS_HELP).toContain("screenshot");
  });

  it("checks what it understood against the task rules", () => {
    expect(reply(`click ${"#a".repeat(300)}`)).toBe(`I cannot do “click ${"#a".repeat(300)}”: A selector can be at most 500 characters.`);
    expect(reply(Array.from({ length: 11 }, () => "screenshot").join("\n"))).toBe("That is 11 steps; send at most 10 in one message.");
  });

  it("says what it will do", () => {
    expect(summarise(tasks("go to example.com then screenshot"))).toBe("Going to example.com, then taking a screenshot.");
    const parsed = parseCommands('open https://example.com/a/b\nclick "Next"\ntype hi into #q and press enter\nread\nread #x\nclick #go');
    expect(parsed).toMatchObject({
      summary: "Going to example.com/a/b, then clicking “Next”, then typing “hi” into #q and pressing Enter, then reading the page, then reading #x, then clicking #go.",
    });
    expect(displayUrl("https://example.com/")).toBe("example.com");
    expect(displayUrl("http://127.0.0.1:8080/form")).toBe("127.0.0.1:8080/form");
  });
});
