/**
 * One box for its owner: its name and status and, while it runs, its screen (keyboard and mouse
 * passed through). Others' boxes are not found. While the box is starting or stopping the page
 * checks again every few seconds, so the screen appears once it runs.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { formatTime } from "../lib/format.ts";
import { BoxStatusBadge, SETTLING_STATUSES } from "../components/boxes/box-status.tsx";
import { VncViewer } from "../components/boxes/vnc-viewer.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { getBox } from "../.server/boxes/boxes.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.box.name ?? "Box"} — Spike Land` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const box = await orPageError(getBox(user.id, params.id ?? ""));
  return {
    box: {
      id: box.id,
      name: box.name,
      description: box.description,
      status: box.status as string,
      size: box.tier ? `${box.tier.name} · ${box.tier.cpu} vCPU · ${formatMemory(box.tier.ramMb)} · ${box.tier.tokensPerHour} tokens an hour` : null,
      paidUntil: box.running?.paidUntil ?? null,
      failure: box.status === "ERROR" ? (box.lastAction?.error ?? null) : null,
    },
  };
}

const CHECK_AGAIN_MS = 3_000;

function formatMemory(megabytes: number): string {
  return megabytes >= 1024 ? `${Number((megabytes / 1024).toFixed(1))} GB RAM` : `${megabytes} MB RAM`;
}

export default function BoxPage() {
  const { box } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  const settling = SETTLING_STATUSES.has(box.status);

  useEffect(() => {
    if (!settling) return;
    const timer = setInterval(() => {
      if (latest.current.state === "idle") latest.current.revalidate();
    }, CHECK_AGAIN_MS);
    return () => clearInterval(timer);
  }, [settling]);

  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title={box.name}
        description={
          <span className="flex flex-col gap-2">
            <span className="inline-flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <BoxStatusBadge status={box.status} />
              {box.size ? <span>{box.size}</span> : null}
              {box.paidUntil ? <span>Paid until {formatTime(box.paidUntil, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC</span> : null}
            </span>
            {box.description ? <span>{box.description}</span> : null}
          </span>
        }
        actions={
          <Link to="/boxes" className="text-sm font-semibold text-brand-700 hover:underline">
            All boxes
          </Link>
        }
      />
      {box.failure ? (
        <div className="mb-6">
          <FormMessage>{box.failure}</FormMessage>
        </div>
      ) : null}
      {box.status === "RUNNING" ? (
        <VncViewer key={box.id} boxId={box.id} boxName={box.name} />
      ) : (
        <Card className="flex flex-col items-center gap-3 py-12 text-center">
          <h2 className="text-lg font-semibold text-slate-900">{settling ? "The box is on its way" : "The box is not running"}</h2>
          <p className="max-w-md text-slate-600">
            {settling
              ? "This page shows the box's screen as soon as it runs."
              : "Start the box to see its screen here."}
          </p>
        </Card>
      )}
    </div>
  );
}
