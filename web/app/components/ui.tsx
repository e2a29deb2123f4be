/** The small design kit every page uses: buttons, fields with labels and errors, cards, headings. */
import type { ComponentProps, ReactNode } from "react";

export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}

const BUTTON_VARIANTS = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 shadow-sm",
  secondary: "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50",
  danger: "bg-red-600 text-white hover:bg-red-700 shadow-sm",
  ghost: "text-slate-700 hover:bg-slate-100",
} as const;

export function Button({ variant = "primary", className, ...props }: ComponentProps<"button"> & { variant?: keyof typeof BUTTON_VARIANTS }) {
  return (
    <button
      className={cx(
        "inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2.5 text-sm font-semibold transition disabled:cursor-not-allowed disabled:opacity-60",
        BUTTON_VARIANTS[variant],
        className,
      )}
      {...props}
    />
  );
}

const CONTROL = "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 ring-1 ring-inset focus:ring-2 focus:ring-brand-600";

/** The ids of a control's hint and error, for aria-describedby. */
function describedBy(id: string, errors: string[] | undefined, hint: string | undefined) {
  return [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
}

/** A control's hint and its first error, under it. */
function FieldNotes({ id, errors, hint }: { id: string; errors: string[] | undefined; hint: string | undefined }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {errors[0]}
        </p>
      ) : null}
    </>
  );
}

export function Field({
  label,
  errors,
  hint,
  inputProps,
}: {
  label: string;
  errors?: string[] | undefined;
  hint?: string;
  inputProps: ComponentProps<"input"> & { id: string };
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={inputProps.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        {...inputProps}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(inputProps.id, errors, hint)}
        className={cx(CONTROL, "placeholder:text-slate-400", errors?.length ? "ring-red-500" : "ring-slate-300", inputProps.className)}
      />
      <FieldNotes id={inputProps.id} errors={errors} hint={hint} />
    </div>
  );
}

export function SelectField({ label, errors, hint, selectProps, children }: { label: string; errors?: string[] | undefined; hint?: string; selectProps: ComponentProps<"select"> & { id: string }; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={selectProps.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        {...selectProps}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(selectProps.id, errors, hint)}
        className={cx(CONTROL, errors?.length ? "ring-red-500" : "ring-slate-300", selectProps.className)}
      >
        {children}
      </select>
      <FieldNotes id={selectProps.id} errors={errors} hint={hint} />
    </div>
  );
}

export function TextareaField({ label, errors, hint, textareaProps }: { label: string; errors?: string[] | undefined; hint?: string; textareaProps: ComponentProps<"textarea"> & { id: string } }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={textareaProps.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        rows={3}
        {...textareaProps}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(textareaProps.id, errors, hint)}
        className={cx(CONTROL, errors?.length ? "ring-red-500" : "ring-slate-300", textareaProps.className)}
      />
      <FieldNotes id={textareaProps.id} errors={errors} hint={hint} />
    </div>
  );
}

export function FormMessage({ tone = "error", children }: { tone?: "error" | "success" | "info"; children: ReactNode }) {
  const styles = {
    error: "bg-red-50 text-red-800 ring-red-200",
    success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
    info: "bg-brand-50 text-brand-900 ring-brand-100",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cx("rounded-lg px-4 py-3 text-sm ring-1", styles)}>
      {children}
    </div>
  );
}

export function Card({ className, ...props }: ComponentProps<"section">) {
  return <section className={cx("rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8", className)} {...props} />;
}

export function PageHeading({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-8 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{title}</h1>
        {description ? <p className="mt-2 max-w-2xl text-slate-600">{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}

/** A column of a table's header: its name, and "right" for numbers. */
export type Column = string | { label: string; align: "right" };

/** A table's header row: the column names, spaced apart, numbers aligned right. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead className="border-b border-slate-200 text-slate-600">
      <tr>
        {columns.map((column, index) => {
          const { label, align } = typeof column === "string" ? { label: column, align: "left" } : column;
          return (
            <th key={index} scope="col" className={cx("py-2 font-medium", index < columns.length - 1 && "pr-4", align === "right" && "text-right")}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

export function Badge({ children, tone = "slate" }: { children: ReactNode; tone?: "slate" | "brand" | "green" | "amber" | "red" }) {
  const styles = {
    slate: "bg-slate-100 text-slate-700",
    brand: "bg-brand-50 text-brand-700",
    green: "bg-emerald-50 text-emerald-700",
    amber: "bg-amber-50 text-amber-800",
    red: "bg-red-50 text-red-700",
  }[tone];
  return <span className={cx("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold", styles)}>{children}</span>;
}

export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="mx-auto flex w-full max-w-md flex-col px-4 py-12 sm:py-16">
      <h1 className="text-center text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
      {subtitle ? <p className="mt-2 text-center text-slate-600">{subtitle}</p> : null}
      <Card className="mt-8">{children}</Card>
      {footer ? <div className="mt-6 text-center text-sm text-slate-600">{footer}</div> : null}
    </div>
  );
}
