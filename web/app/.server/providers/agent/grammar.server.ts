/** The offline interpreter: the command grammar alone, with no outside service. */
import type { CommandGrammar, ParsedMessage, TaskInterpreter } from "./types.ts";

/** Whether the grammar answered with its list of commands, i.e. it did not understand the message. */
export function isHelpReply(grammar: CommandGrammar, parsed: ParsedMessage): boolean {
  return parsed.kind === "reply" && parsed.reply.includes(grammar.help);
}

export function createGrammarInterpreter(grammar: CommandGrammar): TaskInterpreter {
  return {
    kind: "grammar",
    interpret: async (text) => grammar.parse(text),
  };
}
