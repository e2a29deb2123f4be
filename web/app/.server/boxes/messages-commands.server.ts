/**
 * The chat's command grammar: what a person writes to their box, turned into agent tasks without
 * any outside service. One command per line, or several joined with "then":
 *
 *   go to example.com · open https://example.com/docs · click #submit · click "Sign in"
 *   type hello into #search [and press enter] · screenshot · read #main · what does the page say
 *
 * Each command becomes one task in the order written; anything not understood is answered with the
 * list of commands instead, and nothing runs. It also words tasks for the chat ("going to
 * example.com", "taking a screenshot").
 */
import {
  agentTaskInput,
  isWebUrl,
  MAX_TASKS_PER_MESSAGE,
  type AgentTaskInput,
} from "@spike-land/shared/boxes-agent";

export type ParsedMessage = { kind: "tasks"; tasks: AgentTaskInput[]; summary: string } | { kind: "reply"; reply: string };

export const COMMANDS_HELP = [
  "I understand these commands, one per line or joined with “then”:",
  "• go to example.com (or open https://example.com/page)",
  "• click #submit, or click \"Sign in\" to click by its text",
  "• type hello into #search (add “and press enter” to send it)",
  "• screenshot",
  "• read #main, or “what does the page say” for the whole page",
].join("\n");

const OPEN_QUOTES = `"“'‘`;
const CLOSING: Record<string, string> = { '"': '"', "“": "”", "'": "'", "‘": "’" };

/** The text inside matching quotes around the whole value, or null when it is not quoted. */
function unquote(value: string): string | null {
  const open = value[0];
  if (!open || !OPEN_QUOTES.includes(open) || value.length < 2) return null;
  const close = value.at(-1);
  return close === CLOSING[open] || close === open ? value.slice(1, -1) : null;
}

/**
 * Splits a message into commands: at line breaks and at "then" (also ", then" and "and then"),
 * but never inside quotes, so `type "now and then" into #q` stays whole.
 */
export function splitCommands(text: string): string[] {
  const commands: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let current = "";
    let closing: string | null = null;
    let i = 0;
    while (i < line.length) {
      const char = line[i]!;
      if (closing) {
        if (char === closing) closing = null;
        current += char;
        i += 1;
        continue;
      }
      // A quote opens only at the start of a word, so apostrophes (what's, don't) are left alone.
      if (OPEN_QUOTES.includes(char) && (current === "" || /\s$/.test(current))) {
        closing = CLOSING[char]!;
        current += char;
        i += 1;
        continue;
      }
      const separator = /^(?:\s*,)?\s+(?:and\s+)?then\s+/i.exec(line.slice(i));
      if (separator && /\S/.test(current)) {
        commands.push(current);
        current = "";
        i += separator[0].length;
        continue;
      }
      current += char;
      i += 1;
    }
    commands.push(current);
  }
  return commands.map(tidy).filter((command) => command !== "");
}

/** Drops what carries no meaning: a leading "then" or "please", trailing punctuation and "please". */
function tidy(command: string): string {
  return command
    .trim()
    .replace(/\s+/g, " ")
    .replace(/^then\s+/i, "")
    .replace(/^(?:please|can you|could you)\s+/i, "")
    .replace(/[\s.!?,;]+$/, "")
    .replace(/,?\s+please$/i, "")
    .replace(/[\s.!?,;]+$/, "");
}

/** An address as written ("example.com", "https://…", "localhost:3000/x") as a full URL, or null. */
export function toUrl(target: string): string | null {
  const value = unquote(target) ?? target.replace(/^<(.*)>$/, "$1");
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[^/:]+:\d+(?:[/?#]|$)/.test(value)) {
    return /^https?:\/\//i.test(value) && isWebUrl(value) ? new URL(value).toString() : null;
  }
  const host = /^([^/?#:]+)(?::\d+)?(?:[/?#].*)?$/.exec(value)?.[1];
  if (!host) return null;
  const local = host === "localhost" || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
  if (!local && !/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i.test(host)) return null;
  const url = `${local ? "http" : "https"}://${value}`;
  return isWebUrl(url) ? new URL(url).toString() : null;
}

/** Tag names people click by name; any other single word is taken as the text of what to click. */
const CLICKABLE_TAGS = new Set(["a", "button", "input", "select", "textarea", "img", "label", "summary", "li", "p", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6", "nav", "main", "header", "footer", "form", "body", "svg"]);

/** Whether an unquoted click target reads as a selector rather than as words on the page. */
function looksLikeSelector(target: string): boolean {
  return /[#.[\]>:=*~()^$|]/.test(target) || CLICKABLE_TAGS.has(target.toLowerCase());
}

const WHOLE_PAGE = /^(?:the\s+)?(?:whole\s+)?(?:page|it|everything|all|text|the\s+text)$/i;

type Command = AgentTaskInput | { problem: string } | "submit" | null;

/** One command as a task; null when it is not a command at all. */
function parseCommand(command: string): Command {
  let match = /^(?:go\s+to|open|navigate\s+to|visit|browse\s+to|load)\s+(?:the\s+(?:page|site|website)\s+)?(.+)$/i.exec(command);
  if (match) {
    const target = match[1]!.trim();
    const url = toUrl(target);
    if (url) return { type: "NAVIGATE", payload: { url } };
    // Something address-like with another scheme (file:, javascript:, ftp:) is refused by name.
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/\s/.test(target)) return { problem: "Only http and https addresses can be opened." };
    return null;
  }

  match = /^click(?:\s+on)?\s+(.+)$/i.exec(command);
  if (match) {
    const target = match[1]!.trim();
    const quoted = unquote(target);
    if (quoted !== null) return { type: "CLICK", payload: { text: quoted } };
    return looksLikeSelector(target) ? { type: "CLICK", payload: { selector: target } } : { type: "CLICK", payload: { text: target } };
  }

  match = /^(?:type|enter|write)\s+(.*)$/i.exec(command);
  if (match) {
    let rest = match[1]!;
    const submit = /,?\s+and\s+(?:press|hit)\s+(?:enter|return)$/i.exec(rest);
    if (submit) rest = rest.slice(0, submit.index);
    // The text may be quoted (and then hold anything); otherwise it runs up to the last " into ".
    const quoted = /^(["“'‘])(.*?)(["”'’])\s+into\s+(.+)$/i.exec(rest);
    const plain = /^(.+)\s+into\s+(.+)$/i.exec(rest);
    const [text, selector] = quoted ? [quoted[2]!, quoted[4]!] : plain ? [plain[1]!, plain[2]!] : [null, null];
    if (text === null || selector === null) return null;
    return { type: "TYPE", payload: { selector: unquote(selector.trim()) ?? selector.trim(), text, ...(submit ? { submit: true } : {}) } };
  }

  if (/^(?:press|hit)\s+(?:enter|return)$/i.test(command) || /^submit(?:\s+(?:it|the\s+form))?$/i.test(command)) return "submit";

  if (/^(?:(?:take|grab|make)\s+(?:a\s+|another\s+)?)?screen\s?shot(?:\s+of\s+(?:the\s+)?(?:page|screen))?$/i.test(command)) {
    return { type: "SCREENSHOT", payload: {} };
  }

  if (/^what(?:\s+does|'s|’s|\s+is)\s+(?:the\s+page|it|this\s+page|on\s+the\s+page)(?:\s+say)?$/i.test(command) || /^what\s+is\s+on\s+the\s+page$/i.test(command)) {
    return { type: "EXTRACT", payload: {} };
  }
  match = /^(?:read|extract|get\s+the\s+text\s+of)(?:\s+(.+))?$/i.exec(command);
  if (match) {
    const target = match[1]?.trim();
    if (!target || WHOLE_PAGE.test(target)) return { type: "EXTRACT", payload: {} };
    return { type: "EXTRACT", payload: { selector: unquote(target) ?? target } };
  }
  return null;
}

/** The message as tasks, or the reply to give when it cannot be done as written. */
export function parseCommands(text: string): ParsedMessage {
  const tasks: AgentTaskInput[] = [];
  for (const command of splitCommands(text)) {
    const parsed = parseCommand(command);
    if (parsed === null) return { kind: "reply", reply: `I did not understand “${command}”.\n\n${COMMANDS_HELP}` };
    if (parsed === "submit") {
      const last = tasks.at(-1);
      if (last?.type !== "TYPE") return { kind: "reply", reply: `“${command}” needs something typed first, as in: type hello into #search and press enter.` };
      last.payload = { ...last.payload, submit: true };
      continue;
    }
    if ("problem" in parsed) return { kind: "reply", reply: `I cannot do “${command}”: ${parsed.problem}` };
    const checked = agentTaskInput.safeParse(parsed);
    if (!checked.success) return { kind: "reply", reply: `I cannot do “${command}”: ${checked.error.issues[0]?.message ?? "it is not valid."}` };
    tasks.push(checked.data);
  }
  if (tasks.length === 0) return { kind: "reply", reply: COMMANDS_HELP };
  if (tasks.length > MAX_TASKS_PER_MESSAGE) {
    return { kind: "reply", reply: `That is ${tasks.length} steps; send at most ${MAX_TASKS_PER_MESSAGE} in one message.` };
  }
  return { kind: "tasks", tasks, summary: summarise(tasks) };
}

/** An address as people write it: without the scheme, and without a lone trailing slash. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//i, "").replace(/^([^/?#]+)\/$/, "$1");
}

/** What a task does, as a phrase to put in a sentence: "going to example.com", "taking a screenshot". */
export function describeTask(task: AgentTaskInput): string {
  switch (task.type) {
    case "NAVIGATE":
      return `going to ${displayUrl(task.payload.url)}`;
    case "CLICK":
      return "selector" in task.payload ? `clicking ${task.payload.selector}` : `clicking “${task.payload.text}”`;
    case "TYPE":
      return `typing “${task.payload.text}” into ${task.payload.selector}${task.payload.submit ? " and pressing Enter" : ""}`;
    case "SCREENSHOT":
      return "taking a screenshot";
    case "EXTRACT":
      return task.payload.selector ? `reading ${task.payload.selector}` : "reading the page";
  }
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Going to example.com, then taking a screenshot." */
export function summarise(tasks: AgentTaskInput[]): string {
  return `${capitalise(tasks.map(describeTask).join(", then "))}.`;
}
