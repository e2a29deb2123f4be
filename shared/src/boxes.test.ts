import { describe, expect, it } from "vitest";
import { BOX_NAME_MAX, boxActionRefusal, boxActionSchema, boxActionsFor, cloneName, createBoxSchema } from "./boxes.ts";

describe("box actions by status", () => {
  it("offers what each status allows", () => {
    expect(boxActionsFor("RUNNING")).toEqual(["STOP", "RESTART", "DELETE", "CLONE"]);
    expect(boxActionsFor("STOPPED")).toEqual(["START", "DELETE", "CLONE"]);
    expect(boxActionsFor("ERROR")).toEqual(["START", "DELETE", "CLONE"]);
    for (const busy of ["CREATING", "STARTING", "STOPPING", "TERMINATED"] as const) expect(boxActionsFor(busy)).toEqual([]);
  });

  it("says why an action is refused", () => {
    expect(boxActionRefusal("RUNNING", "START")).toBe("This box is already running.");
    expect(boxActionRefusal("STOPPED", "STOP")).toBe("This box is not running, so there is nothing to stop.");
    expect(boxActionRefusal("STOPPED", "RESTART")).toBe("This box is not running. Start it instead.");
    expect(boxActionRefusal("STARTING", "STOP")).toBe("This box is still starting. Try again once it is running.");
    expect(boxActionRefusal("TERMINATED", "START")).toBe("This box has been deleted.");
    expect(boxActionRefusal("STOPPED", "START")).toBeNull();
  });
});

describe("box requests", () => {
  it("trims names and refuses empty or long ones", () => {
    expect(createBoxSchema.parse({ name: "  Desk ", tierId: "box_standard" })).toEqual({ name: "Desk", tierId: "box_standard" });
    expect(createBoxSchema.safeParse({ name: " ", tierId: "box_standard" }).error?.issues[0]?.message).toBe("Give the box a name.");
    expect(createBoxSchema.safeParse({ name: "x".repeat(BOX_NAME_MAX + 1), tierId: "box_standard" }).success).toBe(false);
    expect(createBoxSchema.safeParse({ name: "Desk" }).error?.issues[0]?.message).toBe("Choose a box size.");
    expect(boxActionSchema.safeParse({ action: "PAUSE" }).error?.issues[0]?.message).toBe("Choose start, stop, restart, delete or clone.");
  });

  it("names a clone within the limit", () => {
    expect(cloneName("Research")).toBe("Research (copy)");
    const long = cloneName("y".repeat(BOX_NAME_MAX));
    expect(long).toHaveLength(BOX_NAME_MAX);
    expect(long.endsWith(" (copy)")).toBe(true);
  });
});
