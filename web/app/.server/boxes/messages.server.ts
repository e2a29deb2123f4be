/**
 * A box's chat. The owner writes what the box's browser should do; the message is stored, read by
 * the chat interpreter (providers/agent) and turned into agent tasks that run one after another. The
 * box answers at once with what it will do ("Going to example.com, then taking a screenshot."), or
 * with the commands it understands, and again when the tasks have run, with what came of them.
 * System messages (the box started, stopped, ran out of tokens) come from the box service.
 *
 * The interpreter always starts with the command grammar (messages-commands.server.ts); with
 * GEMINI_API_KEY set, a message the grammar does not understand goes to a Gemini text model, and the
 * grammar's answer stands whenever the model's cannot be used.
 */
import { boxMessageInput } from "@spike-land/shared/boxes-agent";
import { DomainError } from "@spike-land/shared/errors";
import { prisma, type BoxMessageRole } from "../platform/db.server.ts";
import { createTaskInterpreter, type CommandGrammar, type TaskInterpreter } from "../providers/agent/index.server.ts";
import { queueTasks, type AgentTaskView } from "./agent-tasks.server.ts";
import { getBox } from "./boxes.server.ts";
import { COMMANDS_HELP, parseCommands, summarise } from "./messages-commands.server.ts";

export type BoxMessageView = { id: string; role: BoxMessageRole; content: string; createdAt: Date };

const messageSelect = { id: true, role: true, content: true, createdAt: true } as const;

export type PostedMessage = {
  message: BoxMessageView;
  /** The box's answer: what it will do, or the commands it understands. */
  reply: BoxMessageView;
  /** The tasks queued, in the order they will run (none when the message was not understood). */
  tasks: AgentTaskView[];
};

const grammar: CommandGrammar = { parse: parseCommands, summarise, help: COMMANDS_HELP };

let configured: TaskInterpreter | undefined;

/** The interpreter configuration asks for, made on first use. */
function taskInterpreter(): TaskInterpreter {
  configured ??= createTaskInterpreter(grammar);
  return configured;
}

/**
 * Stores the owner's message and the box's answer, and queues the tasks the message asks for.
 * `interpreter` replaces the configured one (tests hand in one that talks to a local model server).
 */
export async function postUserMessage(
  userId: string,
  boxId: string,
  text: string,
  options: { interpreter?: TaskInterpreter } = {},
): Promise<PostedMessage> {
  await getBox(userId, boxId);
  const checked = boxMessageInput.safeParse({ text });
  if (!checked.success) throw new DomainError(400, checked.error.issues[0]?.message ?? "Write a message.", undefined, { field: "text" });
  const message = await prisma.boxMessage.create({ data: { boxId, role: "USER", content: checked.data.text }, select: messageSelect });
  const parsed = await (options.interpreter ?? taskInterpreter()).interpret(checked.data.text);
  const replyText = parsed.kind === "tasks" ? parsed.summary : parsed.reply;
  // A millisecond after the message, so the chat shows the answer under it even when both land in the same one.
  const reply = await prisma.boxMessage.create({
    data: { boxId, role: "AGENT", content: replyText, createdAt: new Date(message.createdAt.getTime() + 1) },
    select: messageSelect,
  });
  const tasks = parsed.kind === "tasks" ? await queueTasks(boxId, parsed.tasks, { reply: true }) : [];
  return { message, reply, tasks };
}

/** The box's chat, oldest first: its latest `limit` messages. */
export async function listMessages(userId: string, boxId: string, options: { limit?: number } = {}): Promise<BoxMessageView[]> {
  await getBox(userId, boxId);
  const latest = await prisma.boxMessage.findMany({
    where: { boxId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit ?? 200,
    select: messageSelect,
  });
  return latest.reverse();
}
