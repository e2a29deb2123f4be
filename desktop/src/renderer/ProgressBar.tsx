/** A labelled progress bar that screen readers read as "label, 40 percent, 12 of 30 photos". */
import { useId } from "react";

type Props = {
  label: string;
  /** 0–100; null while the total is not known yet (the bar then shows movement instead). */
  percent: number | null;
  /** What the numbers mean, shown next to the label and read out with the value. */
  valueText: string;
  size?: "large" | "small";
  tone?: "brand" | "soft" | "done";
};

export function ProgressBar({ label, percent, valueText, size = "large", tone = "brand" }: Props) {
  const labelId = useId();
  const known = percent !== null;
  return (
    <div className={`progress progress-${size}`}>
      <div className="progress-head">
        <span id={labelId} className="progress-label">
          {label}
        </span>
        <span className="progress-text" aria-hidden="true">
          {valueText}
        </span>
      </div>
      <div
        className={`progress-track progress-${tone}${known ? "" : " progress-unknown"}`}
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? percent : undefined}
        aria-valuetext={valueText}
      >
        <div className="progress-fill" style={known ? { width: `${percent}%` } : undefined} />
      </div>
    </div>
  );
}
