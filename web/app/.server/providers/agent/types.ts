/**
 * The chat interpreter contract: a box owner's message in, the browser tasks it asks for (with the
 * sentence saying what the box will do) or the box's reply out. Two interpreters meet it: the
 * built-in command grammar, and Gemini, which reads free text the grammar does not understand.
 */
import type { AgentTaskInput } from "@spike-land/shared/boxes-agent";
import type { ParsedMessage } from "../../boxes/messages-commands.server.ts";

export type { ParsedMessage };

export interface TaskInterpreter {
  readonly kind: "grammar" | "gemini";
  interpret(text: string): Promise<ParsedMessage>;
}

/**
 * The command grammar as the interpreters use it. It lives with the box chat, so it is handed in
 * rather than imported: `parse` reads a message, `summarise` words tasks for the chat, and `help`
 * is the list of commands the grammar answers with when it does not understand a message.
 */
export type CommandGrammar = {
  parse(text: string): ParsedMessage;
  summarise(tasks: AgentTaskInput[]): string;
  help: string;
};
