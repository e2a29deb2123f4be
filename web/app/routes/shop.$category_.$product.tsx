/**
 * GET /shop/:category/:product — one product: its options as radio groups (size, colour), the price with
 * the option's difference, and a mockup of the chosen photo on it. Signed in, the picker lists the
 * user's photos, each enhanced one with all its versions (the original and every enhancement), and
 * offers a direct upload; signed out, a demo
 * picture stands in and "Add to cart" leads to sign-in. POST adds the choice to the cart.
 * (Named with `_` so the page is not nested inside the category page.)
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { DomainError } from "@spike-land/shared/errors";
import { formatBytes, MAX_UPLOAD_BYTES } from "@spike-land/shared/images/limits";
import { fitsPrint, MAX_QUANTITY, tooSmallMessage } from "@spike-land/shared/merch/orders";
import { formatMoney } from "@spike-land/shared/payments/money";
import { SHIPPING_RULES } from "@spike-land/shared/merch/shipping";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { AddToCartForm, MockupPreview, PhotoPicker, VariantChooser, type PickerPhoto } from "../components/shop/product-parts.tsx";
import { getOptionalUser, requireUser } from "../.server/auth/guards.server.ts";
import { domainErrorReply, handleForm } from "../.server/http/forms.server.ts";
import { allowUpload, readUploadForm } from "../.server/images/receive.server.ts";
import { findProduct, resolveVariant, type ProductView } from "../.server/merch/catalogue.server.ts";
import { addToCart, parsePhotoChoice, printablePhotos, printSource } from "../.server/merch/cart.server.ts";
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

  let photos: PickerPhoto[] = [];
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

const PHOTO_CHOICE = "Choose one of your photos or upload one.";

const addSchema = z
  .object({
    photo: z.string({ error: PHOTO_CHOICE }).trim().min(1, PHOTO_CHOICE).max(64, PHOTO_CHOICE),
    quantity: z.coerce
      .number({ error: "Enter how many you would like." })
      .int("Enter a whole number of items.")
      .min(1, "The quantity must be at least 1.")
      .max(MAX_QUANTITY, `You can order at most ${MAX_QUANTITY} of one item.`)
      .default(1),
    customText: z.string().max(500, "Keep the custom text short.").optional(),
    variantId: z.string().max(64).optional(),
    file: z.instanceof(File).optional(),
  })
  .refine((form) => form.photo !== "upload" || form.file, { path: ["file"], message: "Choose a photo file to upload." });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const product = await loadProduct(params);
  // A photo of the customer's own comes in multipart, read as the upload endpoint reads photos.
  let form: FormData;
  try {
    form = await readUploadForm(request, { urlEncoded: true, fileLabel: "The photo" });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return domainErrorReply(error);
  }
  return handleForm(
    form,
    addSchema,
    async ({ photo, quantity, customText, variantId, file }) => {
      let source: Parameters<typeof addToCart>[1]["source"];
      if (photo === "upload" && file) {
        await allowUpload(user.id);
        source = { upload: { bytes: Buffer.from(await file.arrayBuffer()), filename: file.name || "upload.jpg" } };
      } else {
        source = parsePhotoChoice(photo);
      }
      const variant = { variantId, attributes: attributesFrom(form.entries()) };
      await addToCart(user.id, { productId: product.id, variant, quantity, customText, source });
      return redirect("/cart?added=1");
    },
  );
}

export default function ProductPage() {
  const { product, signedIn, loginUrl, photos, selection, maxQuantity, maxUploadText } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [variantId, setVariantId] = useState(selection.variantId);
  const [photo, setPhoto] = useState(selection.photo);
  const variant = product.variants.find((candidate) => candidate.id === variantId) ?? null;
  const chosenPhoto = photos.find((candidate) => candidate.id === photo) ?? null;

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
        <MockupPreview product={product} variantId={variantId} photo={photo} chosenPhoto={chosenPhoto} />
        <Card>
          <p className="text-3xl font-bold text-slate-900" aria-live="polite">
            {formatMoney(variant?.unitPrice ?? product.retailPrice, product.currency)}
          </p>
          {variant && variant.priceDelta !== "0.00" ? (
            <p className="mt-1 text-sm text-slate-600">
              {formatMoney(product.retailPrice, product.currency)} + {formatMoney(variant.priceDelta, product.currency)} for {variant.name}
            </p>
          ) : null}
          <p className="mt-1 text-sm text-slate-600">
            Needs a photo of at least {product.minWidth} × {product.minHeight} px ({product.minDpi} dpi). UK delivery {formatMoney(SHIPPING_RULES.UK.cost)}, free from {formatMoney(SHIPPING_RULES.UK.freeFrom)}.
          </p>
          <AddToCartForm product={product} signedIn={signedIn} loginUrl={loginUrl} maxQuantity={maxQuantity} reply={reply} schema={addSchema}>
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
          </AddToCartForm>
        </Card>
      </div>
    </div>
  );
}
