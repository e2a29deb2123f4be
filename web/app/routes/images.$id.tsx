/** One photo: the original (signed URL), its facts, download, rename, delete, and the Enhance form. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ENHANCEMENT_COST, ENHANCEMENT_LONGEST_EDGE, ENHANCEMENT_TIERS, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { formatBytes } from "@spike-land/shared/images/limits";
import { Button, Card, Field, FormMessage, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { deleteImage, requireImage, signedUrls, updateImage } from "../.server/images/library.server.ts";
import { peekBalance } from "../.server/tokens/ledger.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.image.name ?? "Image"} — Spike Land` }];

const FORMAT_NAMES: Record<string, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP", avif: "AVIF", heif: "HEIC" };

/** The size an enhancement produces: the longest edge scaled to the tier's, keeping the aspect ratio. */
function enhancedSize(width: number, height: number, tier: EnhancementTier) {
  const scale = ENHANCEMENT_LONGEST_EDGE[tier] / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const image = await requireImage(user.id, params.id ?? "");
  const [urls, balance] = await Promise.all([signedUrls(image), peekBalance(user.id)]);
  // The enhance route sends people back here with ?error= when it cannot start a job.
  const enhanceError = new URL(request.url).searchParams.get("error")?.slice(0, 300) || null;
  return {
    enhanceError,
    image: {
      id: image.id,
      name: image.name,
      description: image.description,
      width: image.originalWidth,
      height: image.originalHeight,
      size: image.originalSizeBytes,
      format: FORMAT_NAMES[image.originalFormat] ?? image.originalFormat.toUpperCase(),
      createdAt: image.createdAt.toISOString(),
    },
    urls,
    balance: balance?.balance ?? 0,
    tiers: ENHANCEMENT_TIERS.map((tier) => ({ tier, cost: ENHANCEMENT_COST[tier], ...enhancedSize(image.originalWidth, image.originalHeight, tier) })),
  };
}

const renameSchema = z.object({
  name: z.string().trim().min(1, "Give the photo a name.").max(200, "Keep the name under 200 characters."),
  description: z.string().trim().max(2000, "Keep the description under 2000 characters.").default(""),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const image = await requireImage(user.id, params.id ?? "");
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "delete") {
    await deleteImage(user.id, image.id);
    return redirect("/images");
  }
  if (intent === "rename") {
    const parsed = renameSchema.safeParse({ name: form.get("name") ?? "", description: form.get("description") ?? "" });
    if (!parsed.success) return data({ ok: false, message: parsed.error.issues[0]?.message ?? "Check the name." }, { status: 400 });
    await updateImage(user.id, image.id, { name: parsed.data.name, description: parsed.data.description || null });
    return data({ ok: true, message: "Saved." });
  }
  return data({ ok: false, message: "Unknown action." }, { status: 400 });
}

export default function ImagePage() {
  const { image, urls, balance, tiers, enhanceError } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title={image.name}
        description={image.description ?? undefined}
        actions={
          <Link to="/images" className="text-sm font-medium text-brand-700 hover:underline">
            Back to your images
          </Link>
        }
      />
      <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
        <div>
          <img src={urls.original} alt={image.name} className="w-full rounded-2xl bg-slate-100 ring-1 ring-slate-200" />
        </div>
        <div className="space-y-6">
          <Card>
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-slate-600">Dimensions</dt>
              <dd data-testid="image-dimensions">
                {image.width} × {image.height}
              </dd>
              <dt className="text-slate-600">Size</dt>
              <dd>{formatBytes(image.size)}</dd>
              <dt className="text-slate-600">Format</dt>
              <dd>{image.format}</dd>
            </dl>
            <a href={urls.download} className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
              Download original
            </a>
          </Card>
          <Card>
            <h2 className="text-lg font-semibold text-slate-900">Enhance</h2>
            <p className="mt-1 text-sm text-slate-600">
              Your balance: <span data-testid="enhance-balance">{balance}</span> token{balance === 1 ? "" : "s"}.
            </p>
            {enhanceError ? (
              <div className="mt-3">
                <FormMessage>{enhanceError}</FormMessage>
              </div>
            ) : null}
            <Form method="post" action={`/images/${image.id}/enhance`} className="mt-4 space-y-3">
              <fieldset className="space-y-2">
                <legend className="sr-only">Quality</legend>
                {tiers.map((option) => (
                  <label key={option.tier} className="flex items-center gap-2 text-sm">
                    <input type="radio" name="tier" value={option.tier} defaultChecked={option.tier === "TIER_1K"} disabled={option.cost > balance} />
                    <span>
                      {option.tier} — {option.cost} token{option.cost === 1 ? "" : "s"}, {option.width} × {option.height}
                    </span>
                  </label>
                ))}
              </fieldset>
              <Button type="submit">Enhance</Button>
            </Form>
          </Card>
          <Card>
            <h2 className="text-lg font-semibold text-slate-900">Name and description</h2>
            {result ? <FormMessage tone={result.ok ? "success" : "error"}>{result.message}</FormMessage> : null}
            <Form method="post" className="mt-4 space-y-3">
              <input type="hidden" name="intent" value="rename" />
              <Field label="Name" inputProps={{ id: "name", name: "name", defaultValue: image.name, required: true, maxLength: 200 }} />
              <Field label="Description" inputProps={{ id: "description", name: "description", defaultValue: image.description ?? "", maxLength: 2000 }} />
              <Button type="submit" variant="secondary">
                Save
              </Button>
            </Form>
          </Card>
          <Card>
            <h2 className="text-lg font-semibold text-slate-900">Delete</h2>
            <Form
              method="post"
              className="mt-4"
              onSubmit={(event) => {
                if (!window.confirm(`Delete ${image.name}? This cannot be undone.`)) event.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="delete" />
              <Button type="submit" variant="danger">
                Delete photo
              </Button>
            </Form>
          </Card>
        </div>
      </div>
    </div>
  );
}
