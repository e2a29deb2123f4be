/**
 * A box's chat. The owner writes what the box's browser should do; the message is stored, read
 * with the command grammar (messages-commands.server.ts) and turned into agent tasks that run one
 * after another. The box answers at once with what it will do ("Going to example.com, then taking a
 * screenshot."), or with the commands it understands, and again when the tasks have run, with what
 * came of them. System messages (the box started, stopped, ran out of tokens) come from the box
 * service.
 *
 * The grammar is the only interpreter for now: the app's Gemini client is the image enhancement
 * provider, with no general text generation to turn free text into tasks. A model that does would
 * produce the same task list (AgentTaskInput[]) and be tried before the grammar when configured.
 */
import { boxMessageInput } from "@spike-land/shared/boxes-agent";
import { DomainError } from "@spike-land/shared/errors";
import { prisma, type BoxMessageRole } from "../platform/db.server.ts";
import { queueTasks, type AgentTaskView } from "./agent-tasks.server.ts";
import { getBox } from "./boxes.server.ts";
import { parseCommands } from "./messages-commands.server.ts";

export type BoxMessageView = { id: string; role: BoxMessageRole; content: string; createdAt: Date };

const messageSelect = { id: true, role: true, content: true, createdAt: true } as const;

export type PostedMessage = {
  message: BoxMessageView;
  /** The box's answer: what it will do, or the commands it understands. */
  reply: BoxMessageView;
  /** The tasks queued, in the order they will run (none when the message was not understood). */
  tasks: AgentTaskView[];
};

/** Stores the owner's message and the box's answer, and queues the tasks the message asks for. */
export async function postUserMessage(userId: string, boxId: string, text: string): Promise<PostedMessage> {
  await getBox(userId, boxId);
  const checked = boxMessageInput.safeParse({ text });
  if (!checked.success) throw new DomainError(400, checked.error.issues[0]?.message ?? "Write a message.", undefined, { field: "text" });
  const message = await prisma.boxMessage.create({ data: { boxId, role: "USER", content: checked.data.text }, select: messageSelect });
  const parsed = parseCommands(checked.data.text);
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
