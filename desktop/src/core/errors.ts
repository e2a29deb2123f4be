/** The error the core throws for problems it finds itself (as opposed to errors the server reports). */
import type { IpcErrorCode } from "../ipc/contract.ts";

export class CoreError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "CoreError";
  }
}
