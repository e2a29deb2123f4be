/**
 * GET /shop/:category/:product — one product: its options as radio groups (size, colour), the price with
 * the option's difference, and a mockup of the chosen photo on it. Signed in, the picker lists the
 * user's photos, each enhanced one with all its versions (the original and every enhancement), and
 * offers a direct upload; signed out, a demo
 * picture stands in and "Add to cart" leads to sign-in. POST adds the choice to the cart.
 * (Named with `_` so the page is not nested inside the category page.)
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { ACCEPT_ATTRIBUTE, formatBytes, MAX_UPLOAD_BYTES } from "@spike-land/shared/images/limits";
import { fitsPrint, tooSmallMessage } from "@spike-land/shared/merch/orders";
import { formatMoney } from "@spike-land/shared/payments/money";
import { SHIPPING_RULES } from "@spike-land/shared/merch/shipping";
import { Badge, Button, Card, FormMessage, PageHeading, cx } from "../components/ui.tsx";
import { getOptionalUser, requireUser } from "../.server/auth/guards.server.ts";
import { findProduct, resolveVariant, type ProductView } from "../.server/merch/catalogue.server.ts";
import { addToCart, CartError, MAX_QUANTITY, parsePhotoChoice, printablePhotos, printSource } from "../.server/merch/cart.server.ts";
import { consume, RateLimitedError } from "../.server/platform/rate-limit.server.ts";
import { MultipartError, readMultipartForm } from "../.server/http/multipart.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { SIGNED_URL_SECONDS } from "../.server/images/library.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.product.name ?? "Product"} — Spike Land shop` },
  { name: "description", content: loaded?.product.description ?? "A print of your photo." },
];

/** `attr_size=30x40&attr_color=black` (the radio groups) as an attribute map. */
function attributesFrom(entries: Iterable<[string, FormDataEntryValue]>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (name.startsWith("attr_") && typeof value === "string" && value) attributes[name.slice(5)] = value.slice(0, 64);
  }
  return attributes;
}

async function loadProduct(params: LoaderFunctionArgs["params"]): Promise<ProductView> {
  const product = await findProduct(params.product ?? "");
  if (!product || product.categorySlug !== params.category) throw new Response("We could not find that product.", { status: 404 });
  return product;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const product = await loadProduct(params);
  const user = await getOptionalUser(request);
  const query = new URL(request.url).searchParams;
  // "Preview" without JavaScript submits the form here as a GET: keep what was chosen.
  const chosen = resolveVariant(product, { variantId: query.get("variantId"), attributes: attributesFrom(query.entries()) });
  const variantId = (chosen.ok ? chosen.variant?.id : null) ?? product.variants[0]?.id ?? null;
  const path = `/shop/${product.categorySlug}/${product.id}`;

  let photos: Array<{ id: string; imageId: string; name: string; versionLabel: string; width: number; height: number; enhanced: boolean; thumbUrl: string; tooSmall: string | null }> = [];
  if (user) {
    const sources = await printablePhotos(user.id);
    const requested = query.get("photo");
    if (requested && requested !== "upload" && !sources.some((source) => source.choice === requested)) {
      const { imageId, jobId } = parsePhotoChoice(requested);
      const extra = await printSource(user.id, imageId, jobId);
      if (extra) sources.unshift(extra);
    }
    const storage = objectStorage();
    photos = await Promise.all(
      sources.map(async (source) => ({
        id: source.choice,
        imageId: source.imageId,
        name: source.name,
        versionLabel: source.versionLabel,
        width: source.width,
        height: source.height,
        enhanced: source.enhanced,
        thumbUrl: await storage.signedGetUrl(source.thumbR2Key, { expiresInSeconds: SIGNED_URL_SECONDS }),
        tooSmall: fitsPrint(source, product) ? null : tooSmallMessage(source, product),
      })),
    );
  }
  const requestedPhoto = query.get("photo");
  const firstFitting = photos.find((candidate) => !candidate.tooSmall)?.id ?? null;
  // With nothing in the library that fits, the upload is the way to go.
  const fallback = firstFitting ?? (user ? "upload" : null);
  const photo = requestedPhoto === "upload" || photos.some((candidate) => candidate.id === requestedPhoto) ? requestedPhoto : fallback;
  return {
    product,
    signedIn: Boolean(user),
    loginUrl: `/login?redirectTo=${encodeURIComponent(path)}`,
    photos,
    selection: { variantId, photo },
    maxQuantity: MAX_QUANTITY,
    maxUploadText: formatBytes(MAX_UPLOAD_BYTES),
  };
}

const addSchema = z.object({
  photo: z.string({ error: "Choose one of your photos or upload one." }).trim().min(1, "Choose one of your photos or upload one.").max(64, "Choose one of your photos or upload one."),
  quantity: z.coerce
    .number({ error: "Enter how many you would like." })
    .int("Enter a whole number of items.")
    .min(1, "The quantity must be at least 1.")
    .max(MAX_QUANTITY, `You can order at most ${MAX_QUANTITY} of one item.`),
  customText: z.string().max(500, "Keep the custom text short.").optional(),
  variantId: z.string().max(64).optional(),
});

type ActionResult = { ok: false; message: string };

async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.includes("multipart/form-data")) return request.formData();
  // One byte over the limit is enough to know a file is too large.
  return readMultipartForm(request, { maxFileBytes: MAX_UPLOAD_BYTES });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const product = await loadProduct(params);
  const fail = (message: string, status: number, headers?: Record<string, string>) => data<ActionResult>({ ok: false, message }, { status, ...(headers ? { headers } : {}) });
  let form: FormData;
  try {
    form = await readForm(request);
  } catch (error) {
    if (error instanceof MultipartError && error.problem === "file_too_large") return fail(`The photo is larger than ${formatBytes(MAX_UPLOAD_BYTES)}, the limit per file.`, 413);
    if (error instanceof MultipartError) return fail(error.message, error.status);
    return fail("The form could not be read. Try again.", 400);
  }
  const parsed = addSchema.safeParse({
    photo: form.get("photo") ?? undefined,
    quantity: form.get("quantity") ?? "1",
    customText: form.get("customText") ?? undefined,
    variantId: form.get("variantId") || undefined,
  });
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "Check the form.", 400);
  const { photo, quantity, customText, variantId } = parsed.data;
  const variant = { variantId, attributes: attributesFrom(form.entries()) };

  let source: Parameters<typeof addToCart>[1]["source"];
  if (photo === "upload") {
    const file = form.get("file");
    if (!(file instanceof File) || (file.size === 0 && !file.name)) return fail("Choose a photo file to upload.", 400);
    try {
      await consume("upload", user.id);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      return fail(`Too many uploads: the limit is 30 a minute. ${error.message}`, 429, { "Retry-After": String(error.retryAfterSeconds) });
    }
    source = { upload: { bytes: Buffer.from(await file.arrayBuffer()), filename: file.name || "upload.jpg" } };
  } else {
    source = parsePhotoChoice(photo);
  }
  try {
    await addToCart(user.id, { productId: product.id, variant, quantity, customText, source });
  } catch (error) {
    if (error instanceof CartError) return fail(error.message, error.status);
    throw error;
  }
  return redirect("/cart?added=1");
}

function mockupUrl(productId: string, variantId: string | null, photo: string | null): string {
  const query = new URLSearchParams({ product: productId });
  if (variantId) query.set("variant", variantId);
  if (photo && photo !== "upload") query.set("image", photo);
  return `/shop/mockup?${query.toString()}`;
}

const radioCard =
  "flex cursor-pointer items-center justify-center rounded-lg px-3 py-2 text-sm font-medium ring-1 ring-slate-300 transition peer-not-checked:hover:bg-slate-50 peer-checked:bg-brand-600 peer-checked:text-white peer-checked:ring-brand-600 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-600 peer-focus-visible:ring-offset-2";

function VariantChooser({ product, variantId, onChange }: { product: ProductView; variantId: string | null; onChange: (variantId: string) => void }) {
  const current = product.variants.find((variant) => variant.id === variantId) ?? product.variants[0];
  if (!current) return null;
  if (product.attributeGroups.length === 0) {
    return (
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Option</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {product.variants.map((variant) => (
            <div key={variant.id}>
              <input type="radio" id={`variant-${variant.id}`} name="variantId" value={variant.id} checked={variant.id === current.id} onChange={() => onChange(variant.id)} className="peer sr-only" />
              <label htmlFor={`variant-${variant.id}`} className={radioCard}>
                {variant.name}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    );
  }
  const choose = (name: string, value: string) => {
    const wanted = { ...current.attributes, [name]: value };
    // Keep the other choices when that combination exists; otherwise take the first option with this value.
    const exact = product.variants.find((variant) => product.attributeGroups.every((group) => variant.attributes[group.name] === wanted[group.name]));
    const fallback = product.variants.find((variant) => variant.attributes[name] === value);
    const next = exact ?? fallback;
    if (next) onChange(next.id);
  };
  return (
    <div className="space-y-4">
      {product.attributeGroups.map((group) => (
        <fieldset key={group.name}>
          <legend className="text-sm font-medium text-slate-800">{group.label}</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {group.options.map((option) => {
              const id = `attr-${group.name}-${option.value}`;
              return (
                <div key={option.value}>
                  <input
                    type="radio"
                    id={id}
                    name={`attr_${group.name}`}
                    value={option.value}
                    checked={current.attributes[group.name] === option.value}
                    onChange={() => choose(group.name, option.value)}
                    className="peer sr-only"
                  />
                  <label htmlFor={id} className={cx(radioCard, "min-w-12")}>
                    {group.name === "color" ? (
                      <span aria-hidden className={cx("mr-2 inline-block h-3 w-3 rounded-full ring-1 ring-slate-400", option.value === "black" ? "bg-slate-900" : option.value === "white" ? "bg-white" : "bg-slate-400")} />
                    ) : null}
                    {option.label}
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
      <p className="text-sm text-slate-600">
        Chosen: <span className="font-medium text-slate-900">{current.name}</span>
      </p>
    </div>
  );
}

type Photo = ReturnType<typeof useLoaderData<typeof loader>>["photos"][number];

function PhotoPicker({ photos, photo, onChange, maxUploadText }: { photos: Photo[]; photo: string | null; onChange: (photo: string) => void; maxUploadText: string }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Your photo</legend>
      <p className="mt-1 text-sm text-slate-600">An enhanced photo is listed once per version: its original and each enhanced size. Choose the one to print.</p>
      {photos.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">
          You have no photos yet. Upload one below, or{" "}
          <Link to="/images" className="font-medium text-brand-700 hover:underline">
            add photos to your library
          </Link>
          .
        </p>
      ) : (
        <ul className="mt-3 grid max-h-96 grid-cols-2 gap-3 overflow-y-auto p-1 sm:grid-cols-3">
          {photos.map((candidate) => {
            const id = `photo-${candidate.id}`;
            return (
              <li key={candidate.id}>
                <input
                  type="radio"
                  id={id}
                  name="photo"
                  value={candidate.id}
                  checked={photo === candidate.id}
                  disabled={Boolean(candidate.tooSmall)}
                  onChange={() => onChange(candidate.id)}
                  aria-describedby={candidate.tooSmall ? `${id}-small` : undefined}
                  className="peer sr-only"
                />
                <label
                  htmlFor={id}
                  className="block cursor-pointer overflow-hidden rounded-lg ring-1 ring-slate-200 peer-checked:ring-2 peer-checked:ring-brand-600 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-600 peer-disabled:cursor-not-allowed peer-disabled:opacity-60"
                >
                  <img src={candidate.thumbUrl} alt="" className="aspect-square w-full bg-slate-100 object-cover" loading="lazy" />
                  <span className="block truncate px-2 pt-1.5 text-xs font-medium text-slate-900">{candidate.name}</span>
                  <span className="flex flex-wrap items-center gap-1 px-2 pb-1.5 text-xs text-slate-600">
                    {candidate.width} × {candidate.height}
                    {candidate.enhanced ? <Badge tone="green">{candidate.versionLabel}</Badge> : <span className="sr-only">{candidate.versionLabel}</span>}
                  </span>
                </label>
                {candidate.tooSmall ? (
                  <p id={`${id}-small`} className="mt-1 text-xs text-red-700">
                    Too small for this product.
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <div className="mt-4 rounded-lg p-3 ring-1 ring-slate-200">
        <div className="flex items-center gap-2">
          <input type="radio" id="photo-upload" name="photo" value="upload" checked={photo === "upload"} onChange={() => onChange("upload")} className="h-4 w-4 accent-brand-600" />
          <label htmlFor="photo-upload" className="text-sm font-medium text-slate-800">
            Upload a photo for this order
          </label>
        </div>
        <label htmlFor="file" className="mt-2 block text-sm text-slate-600">
          Photo file (JPEG, PNG, WebP, AVIF or HEIC, up to {maxUploadText})
        </label>
        <input
          id="file"
          name="file"
          type="file"
          accept={ACCEPT_ATTRIBUTE}
          onChange={() => onChange("upload")}
          className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-semibold file:text-slate-800 hover:file:bg-slate-200"
        />
      </div>
    </fieldset>
  );
}

export default function ProductPage() {
  const { product, signedIn, loginUrl, photos, selection, maxQuantity, maxUploadText } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [variantId, setVariantId] = useState(selection.variantId);
  const [photo, setPhoto] = useState(selection.photo);
  const variant = product.variants.find((candidate) => candidate.id === variantId) ?? null;
  const price = variant?.unitPrice ?? product.retailPrice;
  const chosenPhoto = photos.find((candidate) => candidate.id === photo) ?? null;
  const busy = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";

  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <nav aria-label="Breadcrumb" className="mb-4 text-sm text-slate-600">
        <Link to="/shop" className="font-medium text-brand-700 hover:underline">
          Shop
        </Link>{" "}
        /{" "}
        <Link to={`/shop/${product.categorySlug}`} className="font-medium text-brand-700 hover:underline">
          {product.categoryName}
        </Link>{" "}
        / <span aria-current="page">{product.name}</span>
      </nav>
      <PageHeading title={product.name} description={product.description ?? undefined} />
      <div className="grid gap-8 lg:grid-cols-2">
        <div>
          <img
            key={mockupUrl(product.id, variantId, photo)}
            src={mockupUrl(product.id, variantId, photo)}
            alt={chosenPhoto ? `${chosenPhoto.name} on the ${product.name}` : `A sample picture on the ${product.name}`}
            width={800}
            height={800}
            className="aspect-square w-full rounded-2xl bg-slate-100 shadow-sm ring-1 ring-slate-200"
          />
          <p className="mt-2 text-sm text-slate-600">
            {chosenPhoto
              ? `Your photo on it, as it will be printed (${chosenPhoto.width} × ${chosenPhoto.height} px).`
              : photo === "upload"
                ? "Your uploaded photo is shown on the product in your cart."
                : "A sample picture. Choose one of your photos to see it on the product."}
          </p>
        </div>

        <Card>
          <p className="text-3xl font-bold text-slate-900" aria-live="polite">
            {formatMoney(price, product.currency)}
          </p>
          {variant && variant.priceDelta !== "0.00" ? (
            <p className="mt-1 text-sm text-slate-600">
              {formatMoney(product.retailPrice, product.currency)} + {formatMoney(variant.priceDelta, product.currency)} for {variant.name}
            </p>
          ) : null}
          <p className="mt-1 text-sm text-slate-600">
            Needs a photo of at least {product.minWidth} × {product.minHeight} px ({product.minDpi} dpi). UK delivery {formatMoney(SHIPPING_RULES.UK.cost)}, free from {formatMoney(SHIPPING_RULES.UK.freeFrom)}.
          </p>

          <Form method="post" encType="multipart/form-data" className="mt-6 space-y-6" aria-label={`Add the ${product.name} to your cart`}>
            <VariantChooser product={product} variantId={variantId} onChange={setVariantId} />

            {signedIn ? (
              <PhotoPicker photos={photos} photo={photo} onChange={setPhoto} maxUploadText={maxUploadText} />
            ) : (
              <FormMessage tone="info">
                <Link to={loginUrl} className="font-semibold underline">
                  Sign in
                </Link>{" "}
                to see one of your own photos on it and to buy.
              </FormMessage>
            )}

            {product.customTextMax ? (
              <div className="space-y-1.5">
                <label htmlFor="customText" className="block text-sm font-medium text-slate-800">
                  Custom text (optional)
                </label>
                <input
                  id="customText"
                  name="customText"
                  type="text"
                  maxLength={product.customTextMax}
                  aria-describedby="customText-hint"
                  className="block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
                />
                <p id="customText-hint" className="text-sm text-slate-600">
                  Up to {product.customTextMax} characters, printed under the photo.
                </p>
              </div>
            ) : null}

            <div className="max-w-32 space-y-1.5">
              <label htmlFor="quantity" className="block text-sm font-medium text-slate-800">
                Quantity
              </label>
              <input
                id="quantity"
                name="quantity"
                type="number"
                min={1}
                max={maxQuantity}
                defaultValue={1}
                required
                className="block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
              />
            </div>

            {result && !result.ok ? <FormMessage>{result.message}</FormMessage> : null}

            <div className="flex flex-wrap items-center gap-3">
              {signedIn ? (
                <Button type="submit" disabled={busy}>
                  {busy ? "Adding…" : "Add to cart"}
                </Button>
              ) : (
                <Link to={loginUrl} className="inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700">
                  Sign in to add to cart
                </Link>
              )}
              <noscript>
                <Button type="submit" variant="secondary" formMethod="get" formEncType="application/x-www-form-urlencoded">
                  Update preview
                </Button>
              </noscript>
            </div>
          </Form>
        </Card>
      </div>
    </div>
  );
}
