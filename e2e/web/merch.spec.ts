/** The merch store from a visitor's first look to a delivered print. */
import { writeFile } from "node:fs/promises";
import sharp from "sharp";
import { expect, test } from "../accounts.ts";

test("browses signed out, signs in, prints an enhanced photo, pays with the emulator and follows the order to delivery", async ({ page, user }, testInfo) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const name = `print-${stamp}`;
  const file = testInfo.outputPath(`${name}.jpg`);
  // A square photo: enhanced at 2K it becomes 2048 × 2048, enough for the 1800 px minimum of a print.
  const size = 1000;
  const pixels = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const i = (y * size + x) * 3;
      pixels[i] = 70 + Math.floor((x / size) * 110);
      pixels[i + 1] = 60 + Math.floor((y / size) * 90);
      pixels[i + 2] = 120;
    }
  }
  await writeFile(file, await sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).jpeg().toBuffer());

  // Signed out: the shop, a product with its price, and an invitation to sign in.
  await page.goto("/shop");
  await page.getByRole("link", { name: /Prints/ }).first().click();
  await page.getByRole("link", { name: /Lustre photo print/ }).first().click();
  await expect(page.getByRole("heading", { name: "Lustre photo print", level: 1 })).toBeVisible();
  await expect(page.getByText("£24.99").first()).toBeVisible();
  const productUrl = page.url();
  await page.getByRole("link", { name: "Sign in to add to cart" }).click();
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(productUrl);

  // An enhanced photo to print.
  await page.goto("/images");
  await page.getByLabel("Photos to upload").setInputFiles([file]);
  await expect(page.getByTestId("upload-item").filter({ hasText: `${name}.jpg` })).toHaveAttribute("data-state", "done");
  await page.getByRole("list", { name: "Your images" }).getByRole("link", { name }).click();
  await page.getByRole("radio", { name: /^2K — / }).check();
  await page.getByRole("button", { name: "Enhance" }).click();
  await expect(page.getByTestId("job-status")).toHaveText("COMPLETED", { timeout: 60_000 });

  // The photo on a print, into the cart.
  await page.goto(productUrl);
  // The photo is offered as its original and as the 2K enhancement; the original is too small to print.
  await expect(page.getByRole("radio", { name: new RegExp(`${name}.*1000 × 1000.*Original`) })).toBeDisabled();
  const photo = page.getByRole("radio", { name: new RegExp(`${name}.*Enhanced 2K`) });
  await photo.check({ force: true });
  await expect(photo).toBeChecked();
  await expect(page.getByText(/2048 × 2048/).first()).toBeVisible();
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page).toHaveURL(/\/cart/);
  await expect(page.getByTestId("cart-subtotal")).toContainText("£24.99");
  await expect(page.getByTestId("cart-total")).toContainText("£29.98");
  await page.getByRole("link", { name: /Checkout/ }).click();

  // Checkout: the address is checked, then the emulator's card page authorises the payment.
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Checkout/i);
  await page.getByLabel("Full name").fill("Ada Print");
  await page.getByLabel("Address line 1").fill("1 Example Street");
  await page.getByLabel("Town or city").fill("London");
  await page.getByLabel("Postcode").fill("not a postcode");
  await page.getByRole("button", { name: /^Pay / }).click();
  await expect(page.getByText(/postcode/i).filter({ hasNot: page.getByRole("textbox") }).first()).toBeVisible();
  await page.getByLabel("Postcode").fill("SW1A 1AA");
  await page.getByRole("button", { name: /^Pay / }).click();

  await expect(page).toHaveURL(/\/pay\/checkout\//);
  await expect(page.getByTestId("checkout-amount")).toHaveText("£29.98");
  await expect(page.getByText("Your card is authorised now and charged when the print studio accepts your order.")).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry date (MM / YY)").fill("12 / 34");
  await page.getByLabel("Security code (CVC)").fill("123");
  await page.getByLabel("Name on card").fill("Ada Print");
  await page.getByRole("button", { name: "Pay £29.98" }).click();

  // The order page follows the local print studio to the door.
  await expect(page).toHaveURL(/\/orders\/[^/?]+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Order SL-\d{8}-[A-Z2-9]{4}$/);
  const status = page.getByTestId("order-status");
  await expect(status).toHaveAttribute("data-status", "DELIVERED", { timeout: 90_000 });
  const timeline = page.getByRole("region", { name: "Progress" }).or(page.locator("section", { has: page.getByRole("heading", { name: "Progress" }) }));
  for (const step of ["Order placed", "Payment authorised", "Accepted by the print studio", "Payment taken", "Shipped", "Delivered"]) {
    await expect(timeline.getByText(step, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByText(/Royal Mail/).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("order-delivered.png"), fullPage: true });

  await page.goto("/orders");
  await expect(page.getByText(/SL-\d{8}-/).first()).toBeVisible();
});
